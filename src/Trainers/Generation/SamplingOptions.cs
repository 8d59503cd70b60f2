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
        if (MaxNewTokens < 0) throw new InvalidOptionException(nameof(MaxNewTokens), $"must not be negative, not {MaxNewTokens}.");
        if (!(Temperature >= 0) || float.IsInfinity(Temperature)) throw new InvalidOptionException(nameof(Temperature), $"must be 0 (greedy) or positive and finite, not {Temperature}.");
        if (TopK < 0) throw new InvalidOptionException(nameof(TopK), $"must be 0 (off) or positive, not {TopK}.");
        if (!(TopP > 0 && TopP <= 1)) throw new InvalidOptionException(nameof(TopP), $"must lie in (0, 1], not {TopP}.");
        return this;
    }
}
