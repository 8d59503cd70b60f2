using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// Attention for heads of 16+ channels as matrix products on the calling thread's SGEMM, with the softmax and its
/// backward in between. Queries go in blocks of <see cref="QueryBlock"/> rows; a block multiplies only the keys some of
/// its rows may see (from the window start of its first row to its last row), which skips most of the masked upper
/// triangle while keeping the products large enough for the micro-kernel. Entries inside a block's key range that a
/// row may not see are zeroed (forward) or are zero already because their probability is (backward).
/// All pointers address one head: q, k, v, output and their gradients are [T, hs] slices with row stride C; att is [T, T].
/// </summary>
internal static unsafe class AttentionGemm
{
    const int QueryBlock = 64;

    /// <param name="firstQuery">Queries of positions [firstQuery, T) only: q and output are [T − firstQuery, hs] slices, att is [T − firstQuery, T].</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardHead(float* output, float* att, float* q, float* k, float* v, int T, int C, int hs, int window, int firstQuery = 0)
    {
        for (int i0 = firstQuery; i0 < T; i0 += QueryBlock)
        {
            int rows = Math.Min(QueryBlock, T - i0), local = i0 - firstQuery;
            int keyStart = Attention.FirstKey(i0, window), keyEnd = i0 + rows, keys = keyEnd - keyStart;
            float* block = att + (long)local * T + keyStart;
            // att[i0.., keyStart..keyEnd] = q[i0.., :]·k[keyStart..keyEnd, :]ᵀ
            CpuGemm.SgemmOnCallingThread(Transpose.No, Transpose.Yes, rows, keys, hs, 1f, q + (long)local * C, C, k + (long)keyStart * C, C, 0f, block, T);
            for (int i = i0; i < i0 + rows; i++)
            {
                int first = Attention.FirstKey(i, window);
                float* row = att + (long)(i - firstQuery) * T;
                new Span<float>(row, first).Clear();
                new Span<float>(row + i + 1, T - i - 1).Clear();
                Exponentials.SoftmaxInPlace(row + first, i - first + 1);
            }
            // output[i0.., :] = att[i0.., keyStart..keyEnd]·v[keyStart..keyEnd, :]
            CpuGemm.SgemmOnCallingThread(Transpose.No, Transpose.No, rows, hs, keys, 1f, block, T, v + (long)keyStart * C, C, 0f, output + (long)local * C, C);
        }
    }

    /// <param name="scratch">[T, T] for the score gradients</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardHead(float* dq, float* dk, float* dv, float* dout, float* att, float* q, float* k, float* v,
        int T, int C, int hs, int window, float* scratch)
    {
        for (int i0 = 0; i0 < T; i0 += QueryBlock)
        {
            int rows = Math.Min(QueryBlock, T - i0);
            int keyStart = Attention.FirstKey(i0, window), keyEnd = i0 + rows, keys = keyEnd - keyStart;
            float* p = att + (long)i0 * T + keyStart;
            float* dscore = scratch + (long)i0 * T + keyStart;
            // datt = dout[i0..]·v[keys]ᵀ, then dscore = p ⊙ (datt − Σ p·datt) row by row (p is 0 wherever a row may not look).
            CpuGemm.SgemmOnCallingThread(Transpose.No, Transpose.Yes, rows, keys, hs, 1f, dout + (long)i0 * C, C, v + (long)keyStart * C, C, 0f, dscore, T);
            for (int r = 0; r < rows; r++) SoftmaxBackwardRow(p + (long)r * T, dscore + (long)r * T, keys);
            // dq[i0..] += dscore·k[keys]; dk[keys] += dscoreᵀ·q[i0..]; dv[keys] += pᵀ·dout[i0..]
            CpuGemm.SgemmOnCallingThread(Transpose.No, Transpose.No, rows, hs, keys, 1f, dscore, T, k + (long)keyStart * C, C, 1f, dq + (long)i0 * C, C);
            CpuGemm.SgemmOnCallingThread(Transpose.Yes, Transpose.No, keys, hs, rows, 1f, dscore, T, q + (long)i0 * C, C, 1f, dk + (long)keyStart * C, C);
            CpuGemm.SgemmOnCallingThread(Transpose.Yes, Transpose.No, keys, hs, rows, 1f, p, T, dout + (long)i0 * C, C, 1f, dv + (long)keyStart * C, C);
        }
    }

    /// <summary>g[j] ← p[j]·(g[j] − Σ_l p[l]·g[l]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SoftmaxBackwardRow(float* p, float* g, int count)
    {
        var weightedSums = Vector512<float>.Zero;
        int j = 0;
        for (; j + 16 <= count; j += 16) weightedSums = Vector512.FusedMultiplyAdd(Vector512.Load(p + j), Vector512.Load(g + j), weightedSums);
        float weighted = Vector512.Sum(weightedSums);
        for (; j < count; j++) weighted += p[j] * g[j];
        var w = Vector512.Create(weighted);
        j = 0;
        for (; j + 16 <= count; j += 16) (Vector512.Load(p + j) * (Vector512.Load(g + j) - w)).Store(g + j);
        for (; j < count; j++) g[j] = p[j] * (g[j] - weighted);
    }
}
