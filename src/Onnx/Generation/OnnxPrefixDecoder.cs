using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Onnx.Generation;

/// <summary>
/// One generation's state on an <see cref="OnnxPrefixLanguageModel"/>: every sequence's tokens so far [B, Capacity].
/// Each call runs the whole prefix [B, length] through the graph and keeps the last position's logits [B, V].
/// </summary>
public sealed class OnnxPrefixDecoder : ITokenDecoder, IDisposable
{
    readonly OnnxPrefixLanguageModel model;
    readonly RunOptions runOptions = new();
    readonly int[] tokens;    // [B, Capacity]
    readonly float[] logits;  // [B, V]
    int length;

    internal OnnxPrefixDecoder(OnnxPrefixLanguageModel model, int batch)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch must hold at least one sequence.");
        this.model = model;
        Batch = batch;
        tokens = new int[batch * Capacity];
        logits = new float[batch * model.VocabularySize];
    }

    public int Batch { get; }
    public int Capacity => model.MaxPositions;

    public ReadOnlySpan<float> Prefill(ReadOnlySpan<int> prompts, int promptLength)
    {
        if (promptLength <= 0 || prompts.Length != Batch * promptLength)
            throw new ArgumentException($"Expected {Batch} prompts of {promptLength} (≥ 1) tokens, got {prompts.Length} tokens.", nameof(prompts));
        if (promptLength > Capacity) throw new InvalidOperationException($"The context of {Capacity} positions is full.");
        for (int b = 0; b < Batch; b++) prompts.Slice(b * promptLength, promptLength).CopyTo(tokens.AsSpan(b * Capacity));
        length = promptLength;
        return Run();
    }

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> next)
    {
        if (length == 0) throw new InvalidOperationException("Prefill the prompts before stepping.");
        if (next.Length != Batch) throw new ArgumentException($"Expected one token for each of the {Batch} sequences, got {next.Length}.", nameof(next));
        if (length >= Capacity) throw new InvalidOperationException($"The context of {Capacity} positions is full.");
        for (int b = 0; b < Batch; b++) tokens[b * Capacity + length] = next[b];
        length++;
        return Run();
    }

    ReadOnlySpan<float> Run()
    {
        int B = Batch, V = model.VocabularySize, T = length;
        var ids = new long[B * T];
        for (int b = 0; b < B; b++)
            for (int t = 0; t < T; t++)
            {
                int id = tokens[b * Capacity + t];
                if ((uint)id >= (uint)V) throw new ArgumentOutOfRangeException(nameof(tokens), id, $"Token id is outside the vocabulary of {V}.");
                ids[b * T + t] = id;
            }
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [B, T]);
        using var outputs = model.Session.Run(runOptions, [GptNeoOnnxGraph.InputIds], [idsValue], [GptNeoOnnxGraph.Logits]);
        var all = outputs[0].GetTensorDataAsSpan<float>();  // [B, T, V]
        for (int b = 0; b < B; b++) all.Slice((b * T + T - 1) * V, V).CopyTo(logits.AsSpan(b * V));
        return logits;
    }

    public void Dispose() => runOptions.Dispose();
}
