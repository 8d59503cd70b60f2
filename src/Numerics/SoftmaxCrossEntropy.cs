using System.Numerics.Tensors;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// The language-model loss: softmax over the vocabulary and the negative log-likelihood of the target token,
/// fused with its gradient so that the [BT, V] logits are read and written once (V = 50,257 makes this a memory-bound pass).
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// losses[bt] = logsumexp(logits[bt,:]) − logits[bt, targets[bt]]; on return logits holds
    /// gradScale·(softmax(logits[bt,:]) − onehot(targets[bt])), and rows whose target is negative hold zeros and a zero loss.
    /// </summary>
    /// <param name="logits">[BT, V], overwritten with the scaled gradient</param>
    /// <param name="targets">[BT]; negative = ignored</param>
    /// <param name="losses">[BT]</param>
    /// <returns>The sum of the losses over non-ignored rows.</returns>
    public static float ForwardBackward(Span<float> logits, ReadOnlySpan<int> targets, Span<float> losses, int BT, int V, float gradScale)
    {
        Validate(logits, targets, losses, BT, V);
        unsafe
        {
            fixed (float* z = logits)
                return RowLosses(z, targets, losses, BT, V, 8L * V, clearIgnoredRows: true, (row, target) =>
                {
                    var rowLogits = new Span<float>(row, V);
                    float max = TensorPrimitives.Max(rowLogits);
                    float targetLogit = rowLogits[target];
                    // rowLogits ← exp(z − max), then scaled by gradScale / Σ to become gradScale·softmax: three passes over the row.
                    float sum = Exponentials.ExpShifted(row, row, V, max);
                    TensorPrimitives.Multiply(rowLogits, gradScale / sum, rowLogits);
                    rowLogits[target] -= gradScale;
                    return MathF.Log(sum) + max - targetLogit;
                });
        }
    }

    /// <summary>losses[bt] = logsumexp(logits[bt,:]) − logits[bt, targets[bt]] (0 for negative targets), without a gradient.</summary>
    /// <param name="logits">[BT, V]</param>
    /// <param name="targets">[BT]; negative = ignored</param>
    /// <param name="losses">[BT]</param>
    /// <returns>The sum of the losses over non-ignored rows.</returns>
    public static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, Span<float> losses, int BT, int V)
    {
        Validate(logits, targets, losses, BT, V);
        unsafe
        {
            // Read only: the row kernel never writes through the pointer.
            fixed (float* z = logits)
                return RowLosses(z, targets, losses, BT, V, 6L * V, clearIgnoredRows: false, (row, target) =>
                {
                    float max = TensorPrimitives.Max(new ReadOnlySpan<float>(row, V));
                    return MathF.Log(Exponentials.SumExpShifted(row, V, max)) + max - row[target];
                });
        }
    }

    /// <summary>The loss of one row of logits (V floats at <paramref name="row"/>) for a non-negative target.</summary>
    unsafe delegate float RowLoss(float* row, int target);

    /// <summary>
    /// Runs <paramref name="rowLoss"/> on every row with a target, rows split across threads by <paramref name="workPerRow"/>;
    /// ignored rows get loss 0 (and, when asked, a zero gradient). Returns the summed loss of the non-ignored rows.
    /// </summary>
    static unsafe float RowLosses(float* z, ReadOnlySpan<int> targets, Span<float> losses, int BT, int V, long workPerRow,
        bool clearIgnoredRows, RowLoss rowLoss)
    {
        fixed (float* lossesPointer = losses)
        fixed (int* targetsPointer = targets)
        {
            float* loss = lossesPointer;
            int* y = targetsPointer;
            int parts = Parallelism.PartsFor(BT, workPerRow);
            Parallelism.For(parts, part =>
            {
                var (start, end) = Parallelism.Range(BT, parts, part);
                for (int row = start; row < end; row++)
                {
                    float* rowLogits = z + (long)row * V;
                    if (y[row] >= 0) loss[row] = rowLoss(rowLogits, y[row]);
                    else
                    {
                        if (clearIgnoredRows) new Span<float>(rowLogits, V).Clear();
                        loss[row] = 0;
                    }
                }
            });
        }
        return SumLosses(losses, targets, BT);
    }

    static float SumLosses(ReadOnlySpan<float> losses, ReadOnlySpan<int> targets, int BT)
    {
        double total = 0;
        for (int row = 0; row < BT; row++)
            if (targets[row] >= 0) total += losses[row];
        return (float)total;
    }

    static void Validate(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, ReadOnlySpan<float> losses, int BT, int V)
    {
        Checks.Positive(BT, nameof(BT));
        Checks.Positive(V, nameof(V));
        Checks.Length(logits, (long)BT * V, nameof(logits));
        Checks.Length(targets, BT, nameof(targets));
        Checks.Length(losses, BT, nameof(losses));
        // Checked before the parallel loop so that a bad id surfaces as itself, not wrapped in an AggregateException.
        for (int row = 0; row < BT; row++)
            if (targets[row] >= V)
                throw new ArgumentOutOfRangeException(nameof(targets), targets[row], $"Target id at row {row} is outside the vocabulary of {V}.");
    }
}
