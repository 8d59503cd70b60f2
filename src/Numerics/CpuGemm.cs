using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// SGEMM on the CPU in the BLIS/GotoBLAS structure: B is packed into [kc, NR] column panels and A into [kc, MR] row
/// panels so that the micro-kernel streams both contiguously, keeps an MR×NR tile of C in registers
/// (<see cref="MicroKernel"/>) and touches C once per kc block. Threads split C into disjoint row (or column) ranges,
/// each with its own pack buffers, so every element is computed by the same instruction sequence whatever the thread
/// count: results are bitwise identical for 1 or N threads.
/// </summary>
internal static unsafe class CpuGemm
{
    const int MR = MicroKernel.Rows;
    const int NR = MicroKernel.Columns;
    // kc·NR·4 B = 32 KiB of B panel streams through L1 per micro-tile; MC·KC (A block) stays in L2; KC·NC (B block) in L2/L3.
    const int KC = 256;
    const int MC = 96;
    const int NC = 2048;
    // Up to this many columns of C, A is read in place instead of packed; longer k blocks then mean longer
    // contiguous runs of A and fewer passes over C, and the [kc, ≤128] B block still fits in L2.
    const int DirectAColumns = 128;
    const int DirectKC = 1024;

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
            var problem = new Problem(transA, transB, m, n, k, alpha, aPointer, lda, bPointer, ldb, beta, cPointer, ldc);
            // Split the longer side of C, in whole micro-tiles, between threads; each part runs the full blocked loop nest.
            bool splitRows = m >= n;
            int tiles = splitRows ? (m + MR - 1) / MR : (n + NR - 1) / NR;
            int parts = Parallelism.PartsFor(tiles, 2L * (splitRows ? MR * (long)n : NR * (long)m) * k / 8);
            if (parts <= 1)
            {
                problem.Run(0, m, 0, n);
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
        new Problem(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc).Run(0, m, 0, n);
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
    sealed class Problem(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        /// <summary>Computes C[rowStart..rowEnd, columnStart..columnEnd] on the calling thread.</summary>
        public void Run(int rowStart, int rowEnd, int columnStart, int columnEnd)
        {
            var buffers = PackBuffers.ForCurrentThread();
            // Packing A pays off when each A panel feeds many B panels; with few columns it is read only once or twice.
            bool packA = columnEnd - columnStart > DirectAColumns;
            for (int jc = columnStart; jc < columnEnd; jc += NC)
            {
                int nc = Math.Min(NC, columnEnd - jc);
                int kcMax = packA ? KC : DirectKC;
                for (int pc = 0; pc < k; pc += kcMax)
                {
                    int kc = Math.Min(kcMax, k - pc);
                    // The first k block applies beta to C; later blocks accumulate onto it.
                    float blockBeta = pc == 0 ? beta : 1f;
                    Packing.PackB(transB, b, ldb, pc, jc, kc, nc, buffers.B);
                    if (packA) MultiplyPackedA(buffers, rowStart, rowEnd, jc, nc, pc, kc, blockBeta);
                    else MultiplyDirectA(buffers.B, rowStart, rowEnd, jc, nc, pc, kc, blockBeta);
                }
            }
        }

        void MultiplyPackedA(PackBuffers buffers, int rowStart, int rowEnd, int jc, int nc, int pc, int kc, float blockBeta)
        {
            float* packedA = buffers.A, packedB = buffers.B;
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

    /// <summary>Per-thread, 64-byte aligned pack buffers, allocated once per thread on the pinned heap and reused by every call.</summary>
    sealed class PackBuffers
    {
        [ThreadStatic] static PackBuffers? current;

        readonly float[] aStorage = GC.AllocateUninitializedArray<float>(MC * KC + 16, pinned: true);
        readonly float[] bStorage = GC.AllocateUninitializedArray<float>(Math.Max(KC * (NC + NR), DirectKC * (DirectAColumns + NR)) + 16, pinned: true);

        public float* A => Aligned(aStorage);
        public float* B => Aligned(bStorage);

        public static PackBuffers ForCurrentThread() => current ??= new PackBuffers();

        static float* Aligned(float[] storage)
        {
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(storage));
            return (float*)((address + 63) & ~(nint)63);
        }
    }
}
