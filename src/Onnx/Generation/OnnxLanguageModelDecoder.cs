using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Onnx.Generation;

/// <summary>
/// One generation's state on an <see cref="OnnxLanguageModel"/>: the key/value cache of B sequences at the same
/// position. Each call feeds the graph its new tokens, an all-ones attention mask and their positions, and the
/// previous call's present.{i}.key/value as past_key_values (ONNX Runtime's own tensors, never copied to managed
/// memory), and keeps the last position's logits [B, V].
/// </summary>
public sealed class OnnxLanguageModelDecoder : ITokenDecoder, IDisposable
{
    readonly OnnxLanguageModel model;
    readonly RunOptions runOptions = new();
    readonly float[] logits;        // [B, V]
    readonly OrtValue[] emptyPast;  // per layer key, value [B, H, 0, d]: the prefill's past
    IDisposableReadOnlyCollection<OrtValue>? previous;  // the last run's outputs: logits, then each layer's present key, value

    internal OnnxLanguageModelDecoder(OnnxLanguageModel model, int batch)
    {
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch must hold at least one sequence.");
        this.model = model;
        Batch = batch;
        logits = new float[batch * model.VocabularySize];
        emptyPast = Enumerable.Range(0, 2 * model.Layers)
            .Select(_ => OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [batch, model.Heads, 0, model.HeadSize]))
            .ToArray();
    }

    public int Batch { get; }
    public int Capacity => model.MaxPositions;

    /// <summary>Positions filled so far (the position the next token gets).</summary>
    public int Position { get; private set; }

    public ReadOnlySpan<float> Prefill(ReadOnlySpan<int> prompts, int promptLength)
    {
        if (promptLength <= 0 || prompts.Length != Batch * promptLength)
            throw new ArgumentException($"Expected {Batch} prompts of {promptLength} (≥ 1) tokens, got {prompts.Length} tokens.", nameof(prompts));
        previous?.Dispose();
        previous = null;
        Position = 0;
        return Run(prompts, promptLength);
    }

    public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokens)
    {
        if (previous is null) throw new InvalidOperationException("Prefill the prompts before stepping.");
        if (tokens.Length != Batch) throw new ArgumentException($"Expected one token for each of the {Batch} sequences, got {tokens.Length}.", nameof(tokens));
        return Run(tokens, 1);
    }

    /// <summary>Runs S new tokens per sequence [B·S] at positions Position…Position+S−1.</summary>
    ReadOnlySpan<float> Run(ReadOnlySpan<int> tokens, int S)
    {
        int B = Batch, V = model.VocabularySize, total = Position + S;
        if (total > Capacity) throw new InvalidOperationException($"The context of {Capacity} positions is full.");
        var ids = new long[B * S];
        var positions = new long[B * S];
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)tokens[i] >= (uint)V) throw new ArgumentOutOfRangeException(nameof(tokens), tokens[i], $"Token id is outside the vocabulary of {V}.");
            ids[i] = tokens[i];
            positions[i] = Position + i % S;
        }
        var mask = new long[B * total];
        Array.Fill(mask, 1L);
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [B, S]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [B, total]);
        using var positionsValue = OrtValue.CreateTensorValueFromMemory(positions, [B, S]);
        var past = previous is null ? emptyPast : previous.Skip(1).ToArray();
        var outputs = model.Session.Run(runOptions, model.InputNames, [idsValue, maskValue, positionsValue, .. past], model.OutputNames);
        previous?.Dispose();
        previous = outputs;
        var all = outputs[0].GetTensorDataAsSpan<float>();  // [B, S, V]
        for (int b = 0; b < B; b++) all.Slice((b * S + S - 1) * V, V).CopyTo(logits.AsSpan(b * V));
        Position = total;
        return logits;
    }

    public void Dispose()
    {
        previous?.Dispose();
        foreach (var v in emptyPast) v.Dispose();
        runOptions.Dispose();
    }
}
