namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Decoding without a cache: every step re-runs the whole prefix through the model, in inference buffers sized once
/// for the longest. Slow; the reference the cached <see cref="GptNeoDecoder"/> is checked against.
/// </summary>
sealed class PrefixDecoder : ITokenDecoder
{
    readonly GptNeoInference inference;
    readonly int[] tokens;    // [B, Capacity] every sequence's tokens so far
    readonly float[] logits;  // [B, V]
    int length;

    public PrefixDecoder(GptNeoModel model, int batch, int capacity)
    {
        inference = new GptNeoInference(model, batch, capacity);
        Batch = batch;
        Capacity = capacity;
        tokens = new int[batch * capacity];
        logits = new float[batch * model.Config.VocabularySize];
    }

    public int Batch { get; }
    public int Capacity { get; }

    public ReadOnlySpan<float> Prefill(ReadOnlySpan<int> prompts, int promptLength)
    {
        for (int b = 0; b < Batch; b++) prompts.Slice(b * promptLength, promptLength).CopyTo(tokens.AsSpan(b * Capacity));
        length = promptLength;
        return Run();
    }

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> next)
    {
        if (length >= Capacity) throw new InvalidOperationException($"The context of {Capacity} positions is full.");
        for (int b = 0; b < Batch; b++) tokens[b * Capacity + length] = next[b];
        length++;
        return Run();
    }

    ReadOnlySpan<float> Run()
    {
        var sequences = new int[Batch * length];
        for (int b = 0; b < Batch; b++) tokens.AsSpan(b * Capacity, length).CopyTo(sequences.AsSpan(b * length));
        inference.LastLogits(sequences, Batch, length, logits);
        return logits;
    }
}
