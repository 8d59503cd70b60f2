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
        int context = model.Config.MaxPositions;
        if (prompt.Length == 0) throw new ArgumentException("The prompt must hold at least one token (use end-of-text for an unconditional start).", nameof(prompt));
        if (prompt.Length >= context)
            throw new InvalidInputException($"The prompt has {prompt.Length} tokens but the model's context holds {context}; at least one position must stay free for generation.");
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Generate at least one sequence.");
        int steps = Math.Min(options.MaxNewTokens, context - prompt.Length);
        var random = new DeterministicRandom(options.Seed);
        var sampler = new TokenSampler(options, random);
        var outputs = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        var finished = new bool[count];
        int V = model.Config.VocabularySize;
        var next = new int[count];

        var prompts = new int[count * prompt.Length];
        for (int b = 0; b < count; b++) prompt.CopyTo(prompts.AsSpan(b * prompt.Length));
        var decoder = options.UseCache ? new GptNeoDecoder(model, count, prompt.Length + steps) : null;
        // Without the cache every step re-runs the whole prefix, in buffers sized once for the longest.
        var inference = decoder is null ? new GptNeoInference(model, count, prompt.Length + steps) : null;
        var uncached = new float[decoder is null ? count * V : 0];
        // The decoder's logits stay valid until its next step, which happens only after sampling from them.
        ReadOnlySpan<float> logits = decoder is null ? LastLogits(inference!, prompts, count, prompt.Length, uncached) : decoder.Prefill(prompts, prompt.Length);
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
            if (decoder is not null) logits = decoder.Step(next);
            else
            {
                int length = prompt.Length + step + 1;
                var sequences = new int[count * length];
                for (int b = 0; b < count; b++)
                {
                    prompt.CopyTo(sequences.AsSpan(b * length));
                    for (int i = 0; i <= step; i++)
                        sequences[b * length + prompt.Length + i] = i < outputs[b].Count ? outputs[b][i] : options.StopToken ?? 0;
                }
                logits = LastLogits(inference!, sequences, count, length, uncached);
            }
        }
        return outputs.Select(o => o.ToArray()).ToArray();
    }

    /// <summary>Full forward pass over [B, T] tokens, keeping the logits [B, V] of each sequence's last position.</summary>
    static float[] LastLogits(GptNeoInference inference, int[] tokens, int B, int T, float[] last)
    {
        inference.LastLogits(tokens, B, T, last);
        return last;
    }
}
