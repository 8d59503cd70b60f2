using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

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
            fixed (float* logitsPointer = logits, lossesPointer = losses)
            fixed (int* targetsPointer = targets)
            {
                float* z = logitsPointer, loss = lossesPointer;
                int* y = targetsPointer;
                int parts = Parallelism.PartsFor(BT, 8L * V);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(BT, parts, part);
                    for (int row = start; row < end; row++)
                    {
                        var rowLogits = new Span<float>(z + (long)row * V, V);
                        int target = y[row];
                        if (target < 0)
                        {
                            rowLogits.Clear();
                            loss[row] = 0;
                            continue;
                        }
                        CheckTarget(target, V, row);
                        float max = TensorPrimitives.Max(rowLogits);
                        float targetLogit = rowLogits[target];
                        // rowLogits ← exp(z − max), then scaled by gradScale / Σ to become gradScale·softmax: three passes over the row.
                        float sum = ExpShifted(rowLogits, max, rowLogits);
                        loss[row] = MathF.Log(sum) + max - targetLogit;
                        TensorPrimitives.Multiply(rowLogits, gradScale / sum, rowLogits);
                        rowLogits[target] -= gradScale;
                    }
                });
            }
        }
        return SumLosses(losses, targets, BT);
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
            fixed (float* logitsPointer = logits, lossesPointer = losses)
            fixed (int* targetsPointer = targets)
            {
                float* z = logitsPointer, loss = lossesPointer;
                int* y = targetsPointer;
                int parts = Parallelism.PartsFor(BT, 6L * V);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(BT, parts, part);
                    for (int row = start; row < end; row++)
                    {
                        var rowLogits = new ReadOnlySpan<float>(z + (long)row * V, V);
                        int target = y[row];
                        if (target < 0)
                        {
                            loss[row] = 0;
                            continue;
                        }
                        CheckTarget(target, V, row);
                        float max = TensorPrimitives.Max(rowLogits);
                        float sum = SumExpShifted(rowLogits, max);
                        loss[row] = MathF.Log(sum) + max - rowLogits[target];
                    }
                });
            }
        }
        return SumLosses(losses, targets, BT);
    }

    /// <summary>destination[i] = exp(z[i] − shift) (destination may be z itself); returns Σ destination.</summary>
    static float ExpShifted(ReadOnlySpan<float> z, float shift, Span<float> destination) =>
        ExpShifted(z, shift, destination, write: true);

    /// <summary>Σ exp(z − shift) without writing the row, so that validation never modifies the logits.</summary>
    static float SumExpShifted(ReadOnlySpan<float> z, float shift) => ExpShifted(z, shift, Span<float>.Empty, write: false);

    static unsafe float ExpShifted(ReadOnlySpan<float> z, float shift, Span<float> destination, bool write)
    {
        int n = z.Length, i = 0;
        var sums = Vector512<float>.Zero;
        var offset = Vector512.Create(shift);
        fixed (float* source = z, target = destination)
        {
            for (; i + Vector512<float>.Count <= n; i += Vector512<float>.Count)
            {
                var e = Vector512.Exp(Vector512.Load(source + i) - offset);
                if (write) e.Store(target + i);
                sums += e;
            }
            float sum = Vector512.Sum(sums);
            for (; i < n; i++)
            {
                float e = MathF.Exp(source[i] - shift);
                if (write) target[i] = e;
                sum += e;
            }
            return sum;
        }
    }

    static float SumLosses(ReadOnlySpan<float> losses, ReadOnlySpan<int> targets, int BT)
    {
        double total = 0;
        for (int row = 0; row < BT; row++)
            if (targets[row] >= 0) total += losses[row];
        return (float)total;
    }

    static void CheckTarget(int target, int V, int row)
    {
        if (target >= V)
            throw new ArgumentOutOfRangeException("targets", target, $"Target id at row {row} is outside the vocabulary of {V}.");
    }

    static void Validate(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, ReadOnlySpan<float> losses, int BT, int V)
    {
        Checks.Positive(BT, nameof(BT));
        Checks.Positive(V, nameof(V));
        Checks.Length(logits, (long)BT * V, nameof(logits));
        Checks.Length(targets, BT, nameof(targets));
        Checks.Length(losses, BT, nameof(losses));
    }
}
