using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// The innermost SGEMM loop: a 6×64 tile of C held in 24 Vector512 accumulators while kc rank-1 updates stream
/// through them (per step: 4 16-float loads of the packed B row, 6 broadcasts from A, 24 FMAs; 29 of the 32 zmm registers).
/// A is addressed as a[r·strideR + p·strideP], which covers a packed [kc, MR] panel (strideP MR, strideR 1) and
/// unpacked row-major A or Aᵀ (when A is read only a few times, packing it would cost more than it saves).
/// </summary>
internal static unsafe class MicroKernel
{
    public const int Rows = 6;
    public const int Columns = 64;

    /// <summary>
    /// tile[rows, columns] = alpha·(A·Bp) + beta·tile over kc steps, where A's element (r, p) is a[r·strideR + p·strideP]
    /// and Bp is a packed [kc, 64] panel zero-padded beyond <paramref name="columns"/>. Only the first
    /// <paramref name="rows"/> rows of A are read. beta = 0 never reads the tile. Each step prefetches a0 + prefetchAhead,
    /// the part of A a later tile will need (hardware prefetchers miss it when A is read down its columns).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint strideR, nint strideP, nint prefetchAhead, float* bp, float* tile, int ldc,
        float alpha, float beta, int rows, int columns)
    {
        // Rows past the edge re-read row 0: their sums are computed but never stored, and nothing is read out of bounds.
        float* a0 = a;
        float* a1 = rows > 1 ? a + 1 * strideR : a;
        float* a2 = rows > 2 ? a + 2 * strideR : a;
        float* a3 = rows > 3 ? a + 3 * strideR : a;
        float* a4 = rows > 4 ? a + 4 * strideR : a;
        float* a5 = rows > 5 ? a + 5 * strideR : a;
        nint offset = 0;
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        Vector512<float> c40 = default, c41 = default, c42 = default, c43 = default;
        Vector512<float> c50 = default, c51 = default, c52 = default, c53 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(bp + 0);
            var b1 = Vector512.Load(bp + 16);
            var b2 = Vector512.Load(bp + 32);
            var b3 = Vector512.Load(bp + 48);
            var x = Vector512.Create(a0[offset]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, b2, c02);
            c03 = Vector512.FusedMultiplyAdd(x, b3, c03);
            x = Vector512.Create(a1[offset]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, b2, c12);
            c13 = Vector512.FusedMultiplyAdd(x, b3, c13);
            x = Vector512.Create(a2[offset]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, b2, c22);
            c23 = Vector512.FusedMultiplyAdd(x, b3, c23);
            x = Vector512.Create(a3[offset]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, b2, c32);
            c33 = Vector512.FusedMultiplyAdd(x, b3, c33);
            x = Vector512.Create(a4[offset]);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            c42 = Vector512.FusedMultiplyAdd(x, b2, c42);
            c43 = Vector512.FusedMultiplyAdd(x, b3, c43);
            x = Vector512.Create(a5[offset]);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            c52 = Vector512.FusedMultiplyAdd(x, b2, c52);
            c53 = Vector512.FusedMultiplyAdd(x, b3, c53);
            Sse.Prefetch0(a0 + offset + prefetchAhead);
            offset += strideP;
            bp += Columns;
        }

        if (rows == Rows && columns == Columns)
        {
            Store(tile, c00, c01, c02, c03, alpha, beta);
            Store(tile + ldc, c10, c11, c12, c13, alpha, beta);
            Store(tile + 2L * ldc, c20, c21, c22, c23, alpha, beta);
            Store(tile + 3L * ldc, c30, c31, c32, c33, alpha, beta);
            Store(tile + 4L * ldc, c40, c41, c42, c43, alpha, beta);
            Store(tile + 5L * ldc, c50, c51, c52, c53, alpha, beta);
            return;
        }

        // Edge tile: spill the accumulators and write only the valid part.
        float* spill = stackalloc float[Rows * Columns];
        c00.Store(spill + 0); c01.Store(spill + 16); c02.Store(spill + 32); c03.Store(spill + 48);
        c10.Store(spill + 64); c11.Store(spill + 80); c12.Store(spill + 96); c13.Store(spill + 112);
        c20.Store(spill + 128); c21.Store(spill + 144); c22.Store(spill + 160); c23.Store(spill + 176);
        c30.Store(spill + 192); c31.Store(spill + 208); c32.Store(spill + 224); c33.Store(spill + 240);
        c40.Store(spill + 256); c41.Store(spill + 272); c42.Store(spill + 288); c43.Store(spill + 304);
        c50.Store(spill + 320); c51.Store(spill + 336); c52.Store(spill + 352); c53.Store(spill + 368);
        for (int r = 0; r < rows; r++)
        {
            float* row = tile + (long)r * ldc;
            for (int j = 0; j < columns; j++)
                row[j] = beta == 0 ? alpha * spill[r * Columns + j] : alpha * spill[r * Columns + j] + beta * row[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(float* row, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3, float alpha, float beta)
    {
        if (beta == 0)
        {
            (v0 * alpha).Store(row + 0);
            (v1 * alpha).Store(row + 16);
            (v2 * alpha).Store(row + 32);
            (v3 * alpha).Store(row + 48);
        }
        else
        {
            Vector512.FusedMultiplyAdd(v0, Vector512.Create(alpha), Vector512.Load(row + 0) * beta).Store(row + 0);
            Vector512.FusedMultiplyAdd(v1, Vector512.Create(alpha), Vector512.Load(row + 16) * beta).Store(row + 16);
            Vector512.FusedMultiplyAdd(v2, Vector512.Create(alpha), Vector512.Load(row + 32) * beta).Store(row + 32);
            Vector512.FusedMultiplyAdd(v3, Vector512.Create(alpha), Vector512.Load(row + 48) * beta).Store(row + 48);
        }
    }
}
