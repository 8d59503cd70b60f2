using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// SGEMM on the CPU in the BLIS/GotoBLAS structure: B is packed into [kc, NR] column panels and A into [kc, MR] row
/// panels so that the micro-kernel streams both contiguously, keeps an MR×NR tile of C in registers
/// (<see cref="MicroKernel"/>) and touches C once per kc block. A is read in place instead when packing it would not
/// pay (few columns of C, or short k). Products with at most 16 rows against a transposed B go to
/// <see cref="FewRowsGemm"/>. Threads split C into disjoint row (or column) ranges,
/// each with its own pack buffers, so every element is computed by the same instruction sequence whatever the thread
/// count: results are bitwise identical for 1 or N threads.
/// </summary>
internal static unsafe class CpuGemm
{
    const int MR = MicroKernel.Rows;
    const int NR = MicroKernel.Columns;
    // Per micro-tile a [KC, NR] B micro-panel (64 KiB) streams from L2; the [MC, KC] A block (96 KiB) stays in L2;
    // the [KC, NC] B block (2 MiB) in L3.
    const int KC = 256;
    const int MC = 96;
    const int NC = 2048;
    // Up to this many columns of C, A is read in place instead of packed; longer k blocks then mean longer
    // contiguous runs of A and fewer passes over C, and the [kc, ≤128] B block still fits in L2.
    const int DirectAColumns = 128;
    const int DirectKC = 1024;
    // Up to this k, A is read in place whatever the number of columns.
    const int DirectAMaxK = 128;

    public static void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        fixed (float* aPointer = a, bPointer = b, cPointer = c)
        {
            if (k == 0 || alpha == 0)
            {
                ScaleRows(cPointer, m, n, ldc, beta);
                return;
            }
            if (m <= FewRowsGemm.MaxRows && transB == Transpose.Yes)
            {
                FewRowsGemm.Sgemm(transA, m, n, k, alpha, aPointer, lda, bPointer, ldb, beta, cPointer, ldc);
                return;
            }
            var problem = new Problem(transA, transB, k, alpha, aPointer, lda, bPointer, ldb, beta, cPointer, ldc);
            // Split the longer side of C, in whole micro-tiles, between threads; each part runs the full blocked loop nest.
            bool splitRows = m >= n;
            int tiles = splitRows ? (m + MR - 1) / MR : (n + NR - 1) / NR;
            int parts = Parallelism.PartsFor(tiles, 2L * (splitRows ? MR * (long)n : NR * (long)m) * k / 8);
            if (parts <= 1)
            {
                problem.Run(0, m, 0, n);
                return;
            }
            if (splitRows && Problem.PacksA(n, k))
            {
                problem.RunWithSharedB(m, n, parts, tiles);
                return;
            }
            Parallelism.For(parts, part =>
            {
                var (first, last) = Parallelism.Range(tiles, parts, part);
                if (splitRows) problem.Run(first * MR, Math.Min(m, last * MR), 0, n);
                else problem.Run(0, m, first * NR, Math.Min(n, last * NR));
            });
        }
    }

    /// <summary>
    /// The same product on the calling thread only, for kernels that already run one task per thread (attention heads);
    /// operands are raw pointers into memory the caller keeps pinned.
    /// </summary>
    public static void SgemmOnCallingThread(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        if (k == 0 || alpha == 0)
        {
            ScaleRows(c, m, n, ldc, beta);
            return;
        }
        new Problem(transA, transB, k, alpha, a, lda, b, ldb, beta, c, ldc).Run(0, m, 0, n);
    }

    /// <summary>C ← beta·C (beta = 0 writes zeros, ignoring NaNs already in C).</summary>
    static void ScaleRows(float* c, int m, int n, int ldc, float beta)
    {
        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0) row.Clear();
            else if (beta != 1) System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    /// <summary>One SGEMM call's operands (raw pointers into pinned spans), shared read-only by the threads.</summary>
    sealed class Problem(Transpose transA, Transpose transB, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        /// <summary>Computes C[rowStart..rowEnd, columnStart..columnEnd] on the calling thread.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int rowStart, int rowEnd, int columnStart, int columnEnd)
        {
            var buffers = PackBuffers.ForCurrentThread();
            // Packing A pays off when each A panel feeds many B panels over long k. With few columns A is read only once
            // or twice; with short k (the LM head's k = 64) a 6-row tile of A is a few cache lines that stay in L1, and
            // sweeping each tile across all columns writes C row by row instead of in scattered column panels.
            bool fewColumns = columnEnd - columnStart <= DirectAColumns;
            bool packA = PacksA(columnEnd - columnStart, k);
            for (int jc = columnStart; jc < columnEnd; jc += NC)
            {
                int nc = Math.Min(NC, columnEnd - jc);
                int kcMax = fewColumns ? DirectKC : KC;
                for (int pc = 0; pc < k; pc += kcMax)
                {
                    int kc = Math.Min(kcMax, k - pc);
                    // The first k block applies beta to C; later blocks accumulate onto it.
                    float blockBeta = pc == 0 ? beta : 1f;
                    Packing.PackB(transB, b, ldb, pc, jc, kc, nc, buffers.B);
                    if (packA) MultiplyPackedA(buffers.A, buffers.B, rowStart, rowEnd, jc, nc, pc, kc, blockBeta);
                    else MultiplyDirectA(buffers.B, rowStart, rowEnd, jc, nc, pc, kc, blockBeta);
                }
            }
        }

        /// <summary>Whether the packed-A loop runs for this many columns and this k (see <see cref="Run"/>).</summary>
        public static bool PacksA(int columns, int k) => columns > DirectAColumns && k > DirectAMaxK;

        /// <summary>
        /// The packed-A loop with row ranges split between threads, where each B block is packed once, by all threads
        /// together, into one shared buffer (rather than once per thread): the same arithmetic as <see cref="Run"/>,
        /// one fork to pack and one to multiply per B block.
        /// </summary>
        public void RunWithSharedB(int m, int n, int parts, int rowTiles)
        {
            float[] storage = SharedPackedB.Take();
            try
            {
                float* packedB = PackBuffers.Aligned(storage);
                for (int jc = 0; jc < n; jc += NC)
                {
                    int nc = Math.Min(NC, n - jc);
                    int panels = (nc + NR - 1) / NR;
                    for (int pc = 0; pc < k; pc += KC)
                    {
                        int kc = Math.Min(KC, k - pc);
                        float blockBeta = pc == 0 ? beta : 1f;
                        int column = jc, depth = pc, width = nc, height = kc;
                        Parallelism.For(parts, part =>
                        {
                            var (first, last) = Parallelism.Range(panels, parts, part);
                            int from = first * NR, to = Math.Min(width, last * NR);
                            if (to > from) Packing.PackB(transB, b, ldb, depth, column + from, height, to - from, packedB + (long)from * height);
                        });
                        Parallelism.For(parts, part =>
                        {
                            var (first, last) = Parallelism.Range(rowTiles, parts, part);
                            MultiplyPackedA(PackBuffers.ForCurrentThread().A, packedB, first * MR, Math.Min(m, last * MR), column, width, depth, height, blockBeta);
                        });
                    }
                }
            }
            finally
            {
                SharedPackedB.Return(storage);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void MultiplyPackedA(float* packedA, float* packedB, int rowStart, int rowEnd, int jc, int nc, int pc, int kc, float blockBeta)
        {
            for (int ic = rowStart; ic < rowEnd; ic += MC)
            {
                int mc = Math.Min(MC, rowEnd - ic);
                Packing.PackA(transA, a, lda, ic, pc, mc, kc, packedA);
                for (int jr = 0; jr < nc; jr += NR)
                {
                    int columns = Math.Min(NR, nc - jr);
                    float* panelB = packedB + (long)jr * kc;
                    for (int ir = 0; ir < mc; ir += MR)
                    {
                        float* tile = c + (long)(ic + ir) * ldc + jc + jr;
                        MicroKernel.Run(kc, packedA + (long)ir * kc, 1, MR, 8 * MR, panelB, tile, ldc, alpha, blockBeta, Math.Min(MR, mc - ir), columns);
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        void MultiplyDirectA(float* packedB, int rowStart, int rowEnd, int jc, int nc, int pc, int kc, float blockBeta)
        {
            // op(A)[i, p] is a[i·lda + p] (No) or a[p·lda + i] (Yes).
            nint strideR = transA == Transpose.No ? lda : 1;
            nint strideP = transA == Transpose.No ? 1 : lda;
            // Read down Aᵀ's columns, each step touches a new row of memory: fetch that row's next line for the tiles to come.
            nint prefetchAhead = transA == Transpose.No ? 64 : 16;
            for (int i = rowStart; i < rowEnd; i += MR)
            {
                float* panelA = a + i * strideR + pc * strideP;
                int rows = Math.Min(MR, rowEnd - i);
                for (int jr = 0; jr < nc; jr += NR)
                {
                    float* tile = c + (long)i * ldc + jc + jr;
                    MicroKernel.Run(kc, panelA, strideR, strideP, prefetchAhead, packedB + (long)jr * kc, tile, ldc, alpha, blockBeta, rows, Math.Min(NR, nc - jr));
                }
            }
        }
    }

    /// <summary>
    /// The B block buffer that <see cref="Problem.RunWithSharedB"/> packs into, pinned and reused across calls; a call that
    /// finds it taken (another SGEMM running concurrently) allocates its own.
    /// </summary>
    static class SharedPackedB
    {
        static float[]? cached;

        public static float[] Take() =>
            Interlocked.Exchange(ref cached, null) ?? GC.AllocateUninitializedArray<float>(KC * (NC + NR) + 16, pinned: true);

        public static void Return(float[] storage) => Interlocked.Exchange(ref cached, storage);
    }

    /// <summary>Per-thread, 64-byte aligned pack buffers, allocated once per thread on the pinned heap and reused by every call.</summary>
    sealed class PackBuffers
    {
        [ThreadStatic] static PackBuffers? current;

        readonly float[] aStorage = GC.AllocateUninitializedArray<float>(MC * KC + 16, pinned: true);
        readonly float[] bStorage = GC.AllocateUninitializedArray<float>(Math.Max(KC * (NC + NR), DirectKC * (DirectAColumns + NR)) + 16, pinned: true);

        public float* A => Aligned(aStorage);
        public float* B => Aligned(bStorage);

        public static PackBuffers ForCurrentThread() => current ??= new PackBuffers();

        public static float* Aligned(float[] storage)
        {
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(storage));
            return (float*)((address + 63) & ~(nint)63);
        }
    }
}
