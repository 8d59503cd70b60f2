using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// Copies blocks of op(A) and op(B) into the contiguous, zero-padded panel layouts the micro-kernel streams:
/// A block [mc, kc] → ⌈mc/MR⌉ panels of [kc, MR]; B block [kc, nc] → ⌈nc/NR⌉ panels of [kc, NR].
/// </summary>
internal static unsafe class Packing
{
    const int MR = MicroKernel.Rows;
    const int NR = MicroKernel.Columns;

    /// <summary>Packs op(A)[ic..ic+mc, pc..pc+kc] into <paramref name="packed"/>.</summary>
    public static void PackA(Transpose transA, float* a, int lda, int ic, int pc, int mc, int kc, float* packed)
    {
        for (int ir = 0; ir < mc; ir += MR)
        {
            int rows = Math.Min(MR, mc - ir);
            float* panel = packed + (long)ir * kc;
            if (transA == Transpose.No)
            {
                // op(A)[i, p] = a[i·lda + p]: gather one element from each of MR rows per p.
                for (int r = 0; r < MR; r++)
                {
                    if (r >= rows)
                    {
                        for (int p = 0; p < kc; p++) panel[p * MR + r] = 0;
                        continue;
                    }
                    float* source = a + (long)(ic + ir + r) * lda + pc;
                    for (int p = 0; p < kc; p++) panel[p * MR + r] = source[p];
                }
            }
            else
            {
                // op(A)[i, p] = a[p·lda + i]: MR contiguous floats per p.
                for (int p = 0; p < kc; p++)
                {
                    float* source = a + (long)(pc + p) * lda + ic + ir;
                    float* target = panel + p * MR;
                    int r = 0;
                    for (; r < rows; r++) target[r] = source[r];
                    for (; r < MR; r++) target[r] = 0;
                }
            }
        }
    }

    /// <summary>Packs op(B)[pc..pc+kc, jc..jc+nc] into <paramref name="packed"/>.</summary>
    public static void PackB(Transpose transB, float* b, int ldb, int pc, int jc, int kc, int nc, float* packed)
    {
        for (int jr = 0; jr < nc; jr += NR)
        {
            int columns = Math.Min(NR, nc - jr);
            float* panel = packed + (long)jr * kc;
            if (transB == Transpose.No)
            {
                // op(B)[p, j] = b[p·ldb + j]: NR contiguous floats per p.
                for (int p = 0; p < kc; p++)
                {
                    float* source = b + (long)(pc + p) * ldb + jc + jr;
                    float* target = panel + p * NR;
                    if (columns == NR)
                    {
                        for (int v = 0; v < NR; v += Vector512<float>.Count) Vector512.Store(Vector512.Load(source + v), target + v);
                        continue;
                    }
                    int j = 0;
                    for (; j < columns; j++) target[j] = source[j];
                    for (; j < NR; j++) target[j] = 0;
                }
            }
            else
            {
                // op(B)[p, j] = b[j·ldb + p]: one element from each of NR rows per p.
                for (int j = 0; j < NR; j++)
                {
                    if (j >= columns)
                    {
                        for (int p = 0; p < kc; p++) panel[p * NR + j] = 0;
                        continue;
                    }
                    float* source = b + (long)(jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) panel[p * NR + j] = source[p];
                }
            }
        }
    }
}
