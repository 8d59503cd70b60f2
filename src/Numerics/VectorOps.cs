using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>Whole-buffer reductions and scalings used around the optimiser (gradient-norm clipping, loss scaling).</summary>
public static class VectorOps
{
    /// <summary>Σ x², accumulated in double so that the norm of millions of gradients is not swamped by rounding.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        // Float partial sums over 16-lane blocks of at most 1024 elements, folded into a double per block: exact enough, still vectorised.
        double total = 0;
        int i = 0;
        while (i + Vector512<float>.Count <= x.Length)
        {
            var acc = Vector512<float>.Zero;
            int blockEnd = Math.Min(x.Length - Vector512<float>.Count, i + 1024);
            for (; i <= blockEnd; i += Vector512<float>.Count)
            {
                var v = Vector512.Create(x.Slice(i, Vector512<float>.Count));
                acc = Vector512.FusedMultiplyAdd(v, v, acc);
            }
            total += Vector512.Sum(Vector512.WidenLower(acc)) + Vector512.Sum(Vector512.WidenUpper(acc));
        }
        for (; i < x.Length; i++) total += (double)x[i] * x[i];
        return total;
    }

    /// <summary>x ← x·factor.</summary>
    public static void Scale(Span<float> x, float factor) => System.Numerics.Tensors.TensorPrimitives.Multiply(x, factor, x);
}
