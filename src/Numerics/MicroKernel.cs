using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// The innermost SGEMM loop: a 6×32 tile of C held in twelve Vector512 accumulators while kc rank-1 updates stream
/// through them (per step: two 16-float loads of the packed B row, six broadcasts from A, twelve FMAs).
/// A is addressed as a[r·strideR + p·strideP], which covers a packed [kc, 6] panel (strideP 6, strideR 1) and
/// unpacked row-major A or Aᵀ (when A is read only a few times, packing it would cost more than it saves).
/// </summary>
internal static unsafe class MicroKernel
{
    public const int Rows = 6;
    public const int Columns = 32;

    /// <summary>
    /// tile[rows, columns] = alpha·(A·Bp) + beta·tile over kc steps, where A's element (r, p) is a[r·strideR + p·strideP]
    /// and Bp is a packed [kc, 32] panel zero-padded beyond <paramref name="columns"/>. Only the first
    /// <paramref name="rows"/> rows of A are read. beta = 0 never reads the tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint strideR, nint strideP, float* bp, float* tile, int ldc, float alpha, float beta,
        int rows, int columns)
    {
        // Rows past the edge re-read row 0: their sums are computed but never stored, and nothing is read out of bounds.
        float* a0 = a;
        float* a1 = rows > 1 ? a + strideR : a;
        float* a2 = rows > 2 ? a + 2 * strideR : a;
        float* a3 = rows > 3 ? a + 3 * strideR : a;
        float* a4 = rows > 4 ? a + 4 * strideR : a;
        float* a5 = rows > 5 ? a + 5 * strideR : a;
        nint offset = 0;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(bp);
            var b1 = Vector512.Load(bp + 16);
            var x = Vector512.Create(a0[offset]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[offset]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[offset]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[offset]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a4[offset]);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a5[offset]);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            offset += strideP;
            bp += Columns;
        }

        if (rows == Rows && columns == Columns)
        {
            Store(tile, c00, c01, alpha, beta);
            Store(tile + ldc, c10, c11, alpha, beta);
            Store(tile + 2L * ldc, c20, c21, alpha, beta);
            Store(tile + 3L * ldc, c30, c31, alpha, beta);
            Store(tile + 4L * ldc, c40, c41, alpha, beta);
            Store(tile + 5L * ldc, c50, c51, alpha, beta);
            return;
        }

        // Edge tile: spill the accumulators and write only the valid part.
        float* spill = stackalloc float[Rows * Columns];
        c00.Store(spill); c01.Store(spill + 16);
        c10.Store(spill + 32); c11.Store(spill + 48);
        c20.Store(spill + 64); c21.Store(spill + 80);
        c30.Store(spill + 96); c31.Store(spill + 112);
        c40.Store(spill + 128); c41.Store(spill + 144);
        c50.Store(spill + 160); c51.Store(spill + 176);
        for (int r = 0; r < rows; r++)
        {
            float* row = tile + (long)r * ldc;
            for (int j = 0; j < columns; j++)
                row[j] = beta == 0 ? alpha * spill[r * Columns + j] : alpha * spill[r * Columns + j] + beta * row[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(float* row, Vector512<float> left, Vector512<float> right, float alpha, float beta)
    {
        if (beta == 0)
        {
            (left * alpha).Store(row);
            (right * alpha).Store(row + 16);
        }
        else
        {
            Vector512.FusedMultiplyAdd(left, Vector512.Create(alpha), Vector512.Load(row) * beta).Store(row);
            Vector512.FusedMultiplyAdd(right, Vector512.Create(alpha), Vector512.Load(row + 16) * beta).Store(row + 16);
        }
    }
}
