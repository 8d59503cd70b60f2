using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Forward passes without a backward: scoring and generation. Its buffers (<see cref="GptNeoActivations.ForInference"/>)
/// are allocated once for batches of up to (<see cref="MaxBatch"/>, <see cref="MaxSequence"/>) and reused for every
/// smaller batch, and hold one layer's activations and a block of logit rows, so memory is bounded by the model and one
/// batch, whatever the number of batches. Gives the same numbers as <see cref="GptNeoModel.Forward"/> and
/// <see cref="GptNeoModel.LossSum"/> up to float rounding.
/// </summary>
public sealed class GptNeoInference
{
    readonly GptNeoModel model;
    readonly GptNeoActivations buffers;
    readonly float[] lastRows;  // [MaxBatch, C] each sequence's last normalised hidden state

    /// <param name="keepKeysValues">Keep every layer's keys and values of the last pass (<see cref="Keys"/>, <see cref="Values"/>).</param>
    public GptNeoInference(GptNeoModel model, int maxBatch, int maxSequence, bool keepKeysValues = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (maxBatch <= 0 || maxSequence <= 0 || maxSequence > model.Config.MaxPositions)
            throw new ArgumentOutOfRangeException(nameof(maxSequence),
                $"Inference buffers need a positive batch ({maxBatch}) and a sequence length ({maxSequence}) within the model's context of {model.Config.MaxPositions}.");
        this.model = model;
        buffers = GptNeoActivations.ForInference(model.Config, maxBatch, maxSequence, keepKeysValues);
        lastRows = new float[maxBatch * model.Config.HiddenSize];
    }

    public int MaxBatch => buffers.B;
    public int MaxSequence => buffers.T;

    /// <summary>Layer <paramref name="layer"/>'s keys [B·T, C] of the last pass (kept only when asked for).</summary>
    public ReadOnlySpan<float> Keys(int layer) => buffers.K[layer];

    /// <summary>Layer <paramref name="layer"/>'s values [B·T, C] of the last pass (kept only when asked for).</summary>
    public ReadOnlySpan<float> Values(int layer) => buffers.V[layer];

    /// <summary>Summed cross-entropy of <paramref name="targets"/> [B·T] (negative = not counted) and the number counted.</summary>
    public (double Sum, long Count) LossSum(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int B, int T)
    {
        Run(inputs, B, T);
        model.CheckTargets(targets, B * T);
        int C = model.Config.HiddenSize, V = model.Config.VocabularySize, rows = buffers.LogitRows;
        var head = model.Parameters.AsSpan((int)model.Layout.OutputHead, V * C);
        double sum = 0;
        long count = 0;
        // The LM head and the loss for a block of rows at a time, so the logits never exist for the whole batch.
        for (int first = 0; first < B * T; first += rows)
        {
            int n = Math.Min(rows, B * T - first);
            var blockTargets = targets.Slice(first, n);
            foreach (int id in blockTargets) if (id >= 0) count++;
            Matmul.Forward(buffers.Logits, buffers.LnF.AsSpan(first * C, n * C), head, Span<float>.Empty, n, C, V);
            sum += SoftmaxCrossEntropy.Forward(buffers.Logits, blockTargets, buffers.Losses, n, V);
        }
        return (sum, count);
    }

    /// <summary>The logits [B, V] of each sequence's last position, written to <paramref name="destination"/>.</summary>
    public void LastLogits(ReadOnlySpan<int> inputs, int B, int T, Span<float> destination)
    {
        int C = model.Config.HiddenSize, V = model.Config.VocabularySize;
        if (destination.Length < B * V) throw new ArgumentException($"The destination holds {destination.Length} floats but {B}×{V} logits are needed.", nameof(destination));
        Run(inputs, B, T);
        for (int b = 0; b < B; b++) buffers.LnF.AsSpan((b * T + T - 1) * C, C).CopyTo(lastRows.AsSpan(b * C));
        Matmul.Forward(destination, lastRows.AsSpan(0, B * C), model.Parameters.AsSpan((int)model.Layout.OutputHead, V * C), Span<float>.Empty, B, C, V);
    }

    void Run(ReadOnlySpan<int> inputs, int B, int T)
    {
        model.CheckInputs(inputs, B, T);
        if (B > MaxBatch || T > MaxSequence)
            throw new ArgumentException($"A batch of {B}×{T} exceeds these inference buffers ({MaxBatch}×{MaxSequence}).");
        model.RunBlocks(buffers, inputs, B, T);
    }
}
