using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// Attention for heads of 16+ channels as five matrix products per head on the calling thread's SGEMM, with the
/// softmax and its backward in between. The full [T, T] score matrix is multiplied (masked entries are then zeroed):
/// twice the arithmetic of the causal half, but at matrix-product speed.
/// All pointers address one head: q, k, v, output and their gradients are [T, hs] slices with row stride C; att is [T, T].
/// </summary>
internal static unsafe class AttentionGemm
{
    public static void ForwardHead(float* output, float* att, float* q, float* k, float* v, int T, int C, int hs, int window)
    {
        // att[T,T] = q[T,hs]·k[T,hs]ᵀ
        CpuGemm.SgemmOnCallingThread(Transpose.No, Transpose.Yes, T, T, hs, 1f, q, C, k, C, 0f, att, T);
        for (int i = 0; i < T; i++)
        {
            int first = Attention.FirstKey(i, window);
            var row = new Span<float>(att + (long)i * T, T);
            row[..first].Clear();
            row[(i + 1)..].Clear();
            Attention.SoftmaxInPlace(row[first..(i + 1)]);
        }
        // output[T,hs] = att[T,T]·v[T,hs]
        CpuGemm.SgemmOnCallingThread(Transpose.No, Transpose.No, T, hs, T, 1f, att, T, v, C, 0f, output, C);
    }

    /// <param name="scratch">[T, T] for the score gradients</param>
    public static void BackwardHead(float* dq, float* dk, float* dv, float* dout, float* att, float* q, float* k, float* v,
        int T, int C, int hs, int window, float* scratch)
    {
        float* dscore = scratch;
        // datt[T,T] = dout[T,hs]·v[T,hs]ᵀ
        CpuGemm.SgemmOnCallingThread(Transpose.No, Transpose.Yes, T, T, hs, 1f, dout, C, v, C, 0f, dscore, T);
        for (int i = 0; i < T; i++)
        {
            // dscore = p ⊙ (datt − Σ_j p_j·datt_j) over the allowed keys, 0 elsewhere (att is already 0 there).
            float* p = att + (long)i * T;
            float* row = dscore + (long)i * T;
            int first = Attention.FirstKey(i, window);
            new Span<float>(row, first).Clear();
            new Span<float>(row + i + 1, T - i - 1).Clear();
            SoftmaxBackwardRow(p + first, row + first, i - first + 1);
        }
        // dq += dscore·k; dk += dscoreᵀ·q; dv += attᵀ·dout
        CpuGemm.SgemmOnCallingThread(Transpose.No, Transpose.No, T, hs, T, 1f, dscore, T, k, C, 1f, dq, C);
        CpuGemm.SgemmOnCallingThread(Transpose.Yes, Transpose.No, T, hs, T, 1f, dscore, T, q, C, 1f, dk, C);
        CpuGemm.SgemmOnCallingThread(Transpose.Yes, Transpose.No, T, hs, T, 1f, att, T, dout, C, 1f, dv, C);
    }

    /// <summary>g[j] ← p[j]·(g[j] − Σ_l p[l]·g[l]).</summary>
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
