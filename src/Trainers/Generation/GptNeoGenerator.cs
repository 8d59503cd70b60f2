namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>Token-level generation: continues a prompt for a batch of sequences, seeded and reproducible.</summary>
public static class GptNeoGenerator
{
    /// <summary>
    /// Generates <paramref name="count"/> continuations of one prompt in one batch. Each returned array holds only the
    /// new tokens, ending with the stop token when it was produced.
    /// </summary>
    public static int[][] Generate(GptNeoModel model, ReadOnlySpan<int> prompt, int count, SamplingOptions options)
    {
        options.Validated();
        CheckPrompt(prompt, model.Config.MaxPositions);
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Generate at least one sequence.");
        // Prompt and new tokens fit the context (at least one position, so a zero-step decoder can still prefill).
        int capacity = prompt.Length + Math.Max(1, Math.Min(options.MaxNewTokens, model.Config.MaxPositions - prompt.Length));
        ITokenDecoder decoder = options.UseCache ? new GptNeoDecoder(model, count, capacity) : new PrefixDecoder(model, count, capacity);
        return Generate(decoder, prompt, options);
    }

    /// <summary>
    /// Generates <see cref="ITokenDecoder.Batch"/> continuations of one prompt through <paramref name="decoder"/> (the
    /// C# model, or the exported graph in ONNX Runtime), at most <see cref="SamplingOptions.MaxNewTokens"/> tokens each
    /// and no more than fill the decoder's capacity together with the prompt.
    /// </summary>
    public static int[][] Generate(ITokenDecoder decoder, ReadOnlySpan<int> prompt, SamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        options.Validated();
        CheckPrompt(prompt, decoder.Capacity);
        int count = decoder.Batch, steps = Math.Min(options.MaxNewTokens, decoder.Capacity - prompt.Length);
        var sampler = new TokenSampler(options, new DeterministicRandom(options.Seed));
        var outputs = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var finished = new bool[count];
        var next = new int[count];
        var prompts = new int[count * prompt.Length];
        for (int b = 0; b < count; b++) prompt.CopyTo(prompts.AsSpan(b * prompt.Length));
        // The logits stay valid until the decoder's next step, which happens only after sampling from them.
        var logits = decoder.Prefill(prompts, prompt.Length);
        int V = logits.Length / count;
        for (int step = 0; step < steps; step++)
        {
            for (int b = 0; b < count; b++)
            {
                if (finished[b]) { next[b] = options.StopToken ?? 0; continue; }
                next[b] = sampler.Next(logits.Slice(b * V, V));
                outputs[b].Add(next[b]);
                if (next[b] == options.StopToken) finished[b] = true;
            }
            if (finished.All(f => f) || step == steps - 1) break;
            logits = decoder.Step(next);
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }

    static void CheckPrompt(ReadOnlySpan<int> prompt, int context)
    {
        if (prompt.Length == 0) throw new ArgumentException("The prompt must hold at least one token (use end-of-text for an unconditional start).", nameof(prompt));
        if (prompt.Length >= context)
            throw new InvalidInputException($"The prompt has {prompt.Length} tokens but the model's context holds {context}; at least one position must stay free for generation.");
    }
}
