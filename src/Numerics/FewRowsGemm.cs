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
    public const int MaxRows = 8;

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
                    for (int j = start; j < end; j++)
                    {
                        float* bRow = b + (long)j * ldb;
                        for (int i = 0; i < m; i++)
                        {
                            float dot = Dot(aRows + (long)i * k, bRow, k);
                            float* target = c + (long)i * ldc + j;
                            *target = beta == 0 ? alpha * dot : alpha * dot + beta * *target;
                        }
                    }
                });
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(rowsStorage);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Dot(float* x, float* y, int length)
    {
        var sum0 = Vector512<float>.Zero;
        var sum1 = Vector512<float>.Zero;
        int p = 0;
        for (; p + 32 <= length; p += 32)
        {
            sum0 = Vector512.FusedMultiplyAdd(Vector512.Load(x + p), Vector512.Load(y + p), sum0);
            sum1 = Vector512.FusedMultiplyAdd(Vector512.Load(x + p + 16), Vector512.Load(y + p + 16), sum1);
        }
        if (p + 16 <= length)
        {
            sum0 = Vector512.FusedMultiplyAdd(Vector512.Load(x + p), Vector512.Load(y + p), sum0);
            p += 16;
        }
        float sum = Vector512.Sum(sum0 + sum1);
        for (; p < length; p++) sum += x[p] * y[p];
        return sum;
    }
}
