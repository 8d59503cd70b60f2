using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// SGEMM for C with only a few rows against a weight matrix stored [n, k] (op(B) = Bᵀ): the shape of a dense layer
/// during generation (m = batch size). Packing all of B for so few rows would cost more than the product, so each row
/// of B is read once, straight from memory, and dotted with the m rows of op(A) kept in L1.
/// </summary>
internal static unsafe class FewRowsGemm
{
    /// <summary>Up to this many rows of C this path beats the packed one.</summary>
    public const int MaxRows = 16;

    /// <summary>C[m,n] = alpha·op(A)·Bᵀ + beta·C for m ≤ <see cref="MaxRows"/>, B stored [n, k] with row stride ldb.</summary>
    public static void Sgemm(Transpose transA, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb,
        float beta, float* c, int ldc)
    {
        // rows: op(A) copied to a contiguous [m, k] block so that every dot product streams both operands.
        float[] rowsStorage = System.Buffers.ArrayPool<float>.Shared.Rent(m * k);
        try
        {
            fixed (float* rows = rowsStorage)
            {
                for (int i = 0; i < m; i++)
                    for (int p = 0; p < k; p++)
                        rows[i * k + p] = transA == Transpose.No ? a[(long)i * lda + p] : a[(long)p * lda + i];
                float* aRows = rows;
                int parts = Parallelism.PartsFor(n, 2L * m * k);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(n, parts, part);
                    MultiplyColumns(aRows, m, k, alpha, b, ldb, beta, c, ldc, start, end);
                });
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rowsStorage);
        }
    }

    /// <summary>C[:, start..end] from the contiguous [m, k] rows of op(A) and rows start..end of B.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MultiplyColumns(float* aRows, int m, int k, float alpha, float* b, int ldb, float beta, float* c, int ldc, int start, int end)
    {
        for (int j = start; j < end; j++)
        {
            float* bRow = b + (long)j * ldb;
            // Four rows of A per pass: one load of B's row feeds four independent FMA chains.
            for (int i = 0; i < m; i += 4)
            {
                int rows = Math.Min(4, m - i);
                float* a0 = aRows + (long)i * k;
                if (rows == 1)
                {
                    float* single = c + (long)i * ldc + j;
                    float dot = Dot(a0, bRow, k);
                    *single = beta == 0 ? alpha * dot : alpha * dot + beta * *single;
                    continue;
                }
                Dot4(a0, rows > 1 ? a0 + k : a0, rows > 2 ? a0 + 2L * k : a0, rows > 3 ? a0 + 3L * k : a0, bRow, k, out var dots);
                for (int r = 0; r < rows; r++)
                {
                    float* target = c + (long)(i + r) * ldc + j;
                    *target = beta == 0 ? alpha * dots[r] : alpha * dots[r] + beta * *target;
                }
            }
        }
    }

    /// <summary>Σ_p x[p]·y[p] with four independent accumulators (one FMA chain would wait on its latency).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Dot(float* x, float* y, int length)
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        int p = 0;
        for (; p + 64 <= length; p += 64)
        {
            s0 = Vector512.FusedMultiplyAdd(Vector512.Load(x + p), Vector512.Load(y + p), s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Load(x + p + 16), Vector512.Load(y + p + 16), s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Load(x + p + 32), Vector512.Load(y + p + 32), s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Load(x + p + 48), Vector512.Load(y + p + 48), s3);
        }
        for (; p + 16 <= length; p += 16) s0 = Vector512.FusedMultiplyAdd(Vector512.Load(x + p), Vector512.Load(y + p), s0);
        float sum = Vector512.Sum((s0 + s1) + (s2 + s3));
        for (; p < length; p++) sum += x[p] * y[p];
        return sum;
    }

    [System.Runtime.CompilerServices.InlineArray(4)]
    struct Four
    {
        float element;
    }

    /// <summary>dots[r] = Σ_p x_r[p]·y[p] for four rows x_r (callers repeat a row to fill unused slots).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Dot4(float* x0, float* x1, float* x2, float* x3, float* y, int length, out Four dots)
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        int p = 0;
        for (; p + 16 <= length; p += 16)
        {
            var w = Vector512.Load(y + p);
            s0 = Vector512.FusedMultiplyAdd(Vector512.Load(x0 + p), w, s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Load(x1 + p), w, s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Load(x2 + p), w, s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Load(x3 + p), w, s3);
        }
        float d0 = Vector512.Sum(s0), d1 = Vector512.Sum(s1), d2 = Vector512.Sum(s2), d3 = Vector512.Sum(s3);
        for (; p < length; p++)
        {
            float w = y[p];
            d0 += x0[p] * w;
            d1 += x1[p] * w;
            d2 += x2[p] * w;
            d3 += x3[p] * w;
        }
        dots = default;
        dots[0] = d0;
        dots[1] = d1;
        dots[2] = d2;
        dots[3] = d3;
    }
}
