namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>How the next token is chosen from the logits, and when generation stops.</summary>
public sealed record SamplingOptions
{
    /// <summary>Tokens to generate per sequence at most (the model's context may stop it earlier).</summary>
    public int MaxNewTokens { get; init; } = CausalLmDefaults.MaxNewTokens;

    /// <summary>Softmax temperature; 0 picks the most likely token (greedy).</summary>
    public float Temperature { get; init; } = CausalLmDefaults.Temperature;

    /// <summary>Keep only the K most likely tokens; 0 keeps all.</summary>
    public int TopK { get; init; } = CausalLmDefaults.TopK;

    /// <summary>Keep the smallest set of most likely tokens whose probability reaches P (nucleus sampling); 1 keeps all.</summary>
    public float TopP { get; init; } = CausalLmDefaults.TopP;

    public int Seed { get; init; } = CausalLmDefaults.Seed;

    /// <summary>A sequence stops after producing this token (usually end-of-text); null never stops early.</summary>
    public int? StopToken { get; init; }

    /// <summary>Use the key/value cache (fast); false re-runs the whole prefix each step (a reference for tests).</summary>
    public bool UseCache { get; init; } = true;

    public SamplingOptions Validated()
    {
        if (MaxNewTokens < 0) throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "MaxNewTokens must not be negative.");
        if (!(Temperature >= 0) || float.IsInfinity(Temperature)) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be 0 (greedy) or positive.");
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "TopK must be 0 (off) or positive.");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "TopP must lie in (0, 1].");
        return this;
    }
}
