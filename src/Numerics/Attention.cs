using System.Buffers;
using System.Numerics.Tensors;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// GPT-Neo multi-head self-attention on already projected q, k, v: scores q·kᵀ WITHOUT the usual 1/√d scaling
/// (GPT-Neo folds it into its weights), a causal mask (key j ≤ query i), for local layers also j &gt; i − window,
/// and an fp32 softmax. Head h owns channels [h·hs, (h+1)·hs) with hs = C / NH.
/// Heads run in parallel, each on the calling thread's share: <see cref="AttentionGemm"/> for heads of 16+ channels,
/// <see cref="AttentionRows"/> for smaller ones (hs = 4 in the 1M model).
/// </summary>
public static class Attention
{
    /// <summary>output[b,i,h·hs+d] = Σ_j att[b,h,i,j]·v[b,j,h·hs+d], att = softmax over the allowed keys (0 elsewhere).</summary>
    /// <param name="output">[B, T, C]</param>
    /// <param name="att">[B, NH, T, T] softmax probabilities, saved for backward</param>
    /// <param name="q">[B, T, C]</param>
    /// <param name="k">[B, T, C]</param>
    /// <param name="v">[B, T, C]</param>
    /// <param name="window">local attention window; int.MaxValue for global attention</param>
    public static void Forward(Span<float> output, Span<float> att, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        int B, int T, int C, int NH, int window)
    {
        int hs = Validate(B, T, C, NH, window);
        long activations = (long)B * T * C;
        Checks.Length(output, activations, nameof(output));
        Checks.Length(att, (long)B * NH * T * T, nameof(att));
        Checks.Length(q, activations, nameof(q));
        Checks.Length(k, activations, nameof(k));
        Checks.Length(v, activations, nameof(v));
        unsafe
        {
            fixed (float* outputPointer = output, attPointer = att, qPointer = q, kPointer = k, vPointer = v)
            {
                float* o = outputPointer, a = attPointer, qs = qPointer, ks = kPointer, vs = vPointer;
                ForEachHead(B, T, C, NH, (long)T * Math.Min(T, window) * hs * 2, (bh, headOffset, work) =>
                {
                    float* headAtt = a + (long)bh * T * T;
                    if (UseGemm(hs)) AttentionGemm.ForwardHead(o + headOffset, headAtt, qs + headOffset, ks + headOffset, vs + headOffset, T, C, hs, window);
                    else AttentionRows.ForwardHead(o + headOffset, headAtt, qs + headOffset, ks + headOffset, vs + headOffset, T, C, hs, window, work);
                });
            }
        }
    }

    /// <summary>
    /// <see cref="Forward"/> for the last <paramref name="L"/> of <paramref name="T"/> positions only: the queries of
    /// positions T − L .. T − 1 attend to the keys of every allowed position, the first T − L of which (a prefix computed
    /// earlier) need no query. Gives the last L rows of <see cref="Forward"/>'s output.
    /// </summary>
    /// <param name="output">[B, L, C]</param>
    /// <param name="att">[B, NH, L, T] softmax probabilities</param>
    /// <param name="q">[B, L, C] the last L positions' queries</param>
    /// <param name="k">[B, T, C] keys of every position</param>
    /// <param name="v">[B, T, C] values of every position</param>
    public static void ForwardLast(Span<float> output, Span<float> att, ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v,
        int B, int L, int T, int C, int NH, int window)
    {
        int hs = Validate(B, T, C, NH, window);
        Checks.Positive(L, nameof(L));
        if (L > T) throw new ArgumentOutOfRangeException(nameof(L), L, $"The last L positions must lie within the T = {T} positions.");
        long queries = (long)B * L * C, keys = (long)B * T * C;
        Checks.Length(output, queries, nameof(output));
        Checks.Length(att, (long)B * NH * L * T, nameof(att));
        Checks.Length(q, queries, nameof(q));
        Checks.Length(k, keys, nameof(k));
        Checks.Length(v, keys, nameof(v));
        int firstQuery = T - L;
        unsafe
        {
            fixed (float* outputPointer = output, attPointer = att, qPointer = q, kPointer = k, vPointer = v)
            {
                float* o = outputPointer, a = attPointer, qs = qPointer, ks = kPointer, vs = vPointer;
                ForEachHead(B, T, C, NH, (long)L * Math.Min(T, window) * hs * 2, (bh, keyOffset, work) =>
                {
                    long queryOffset = (long)(bh / NH) * L * C + bh % NH * hs;
                    float* headAtt = a + (long)bh * L * T;
                    if (UseGemm(hs)) AttentionGemm.ForwardHead(o + queryOffset, headAtt, qs + queryOffset, ks + keyOffset, vs + keyOffset, T, C, hs, window, firstQuery);
                    else AttentionRows.ForwardHead(o + queryOffset, headAtt, qs + queryOffset, ks + keyOffset, vs + keyOffset, T, C, hs, window, work, firstQuery);
                });
            }
        }
    }

    /// <summary>
    /// Accumulates dq, dk, dv. With datt[i,j] = dout_i·v_j and dscore[i,j] = att[i,j]·(datt[i,j] − Σ_l att[i,l]·datt[i,l]):
    /// dv_j += Σ_i att[i,j]·dout_i, dq_i += Σ_j dscore[i,j]·k_j, dk_j += Σ_i dscore[i,j]·q_i.
    /// </summary>
    /// <param name="dq">[B, T, C]</param>
    /// <param name="dk">[B, T, C]</param>
    /// <param name="dv">[B, T, C]</param>
    /// <param name="dout">[B, T, C]</param>
    /// <param name="att">[B, NH, T, T] from forward</param>
    public static void Backward(Span<float> dq, Span<float> dk, Span<float> dv, ReadOnlySpan<float> dout, ReadOnlySpan<float> att,
        ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, int B, int T, int C, int NH, int window)
    {
        int hs = Validate(B, T, C, NH, window);
        long activations = (long)B * T * C;
        Checks.Length(dq, activations, nameof(dq));
        Checks.Length(dk, activations, nameof(dk));
        Checks.Length(dv, activations, nameof(dv));
        Checks.Length(dout, activations, nameof(dout));
        Checks.Length(att, (long)B * NH * T * T, nameof(att));
        Checks.Length(q, activations, nameof(q));
        Checks.Length(k, activations, nameof(k));
        Checks.Length(v, activations, nameof(v));
        unsafe
        {
            fixed (float* dqPointer = dq, dkPointer = dk, dvPointer = dv, doutPointer = dout, attPointer = att,
                   qPointer = q, kPointer = k, vPointer = v)
            {
                float* dqs = dqPointer, dks = dkPointer, dvs = dvPointer, dos = doutPointer, a = attPointer, qs = qPointer, ks = kPointer, vs = vPointer;
                ForEachHead(B, T, C, NH, (long)T * Math.Min(T, window) * hs * 6, (bh, headOffset, work) =>
                {
                    float* headAtt = a + (long)bh * T * T;
                    if (UseGemm(hs))
                        AttentionGemm.BackwardHead(dqs + headOffset, dks + headOffset, dvs + headOffset, dos + headOffset, headAtt,
                            qs + headOffset, ks + headOffset, vs + headOffset, T, C, hs, window, work);
                    else
                        AttentionRows.BackwardHead(dqs + headOffset, dks + headOffset, dvs + headOffset, dos + headOffset, headAtt,
                            qs + headOffset, ks + headOffset, vs + headOffset, T, C, hs, window, work);
                });
            }
        }
    }

    /// <summary>
    /// Attention for one new position per sequence against a KV cache (generation): query at position pos attends to
    /// cached keys/values at positions max(0, pos − window + 1)..pos.
    /// </summary>
    /// <param name="output">[B, C]</param>
    /// <param name="q">[B, C] the new position's query</param>
    /// <param name="kCache">[B, maxT, C], positions 0..pos filled</param>
    /// <param name="vCache">[B, maxT, C], positions 0..pos filled</param>
    public static void ForwardCached(Span<float> output, ReadOnlySpan<float> q, ReadOnlySpan<float> kCache, ReadOnlySpan<float> vCache,
        int B, int pos, int maxT, int C, int NH, int window)
    {
        int hs = Validate(B, maxT, C, NH, window);
        if ((uint)pos >= (uint)maxT) throw new ArgumentOutOfRangeException(nameof(pos), pos, $"Position must lie in [0, {maxT}).");
        Checks.Length(output, (long)B * C, nameof(output));
        Checks.Length(q, (long)B * C, nameof(q));
        Checks.Length(kCache, (long)B * maxT * C, nameof(kCache));
        Checks.Length(vCache, (long)B * maxT * C, nameof(vCache));
        int first = FirstKey(pos, window), count = pos - first + 1;
        unsafe
        {
            fixed (float* outputPointer = output, qPointer = q, kPointer = kCache, vPointer = vCache)
            {
                float* o = outputPointer, qs = qPointer, ks = kPointer, vs = vPointer;
                int heads = B * NH;
                int parts = Parallelism.PartsFor(heads, (long)count * hs * 4);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(heads, parts, part);
                    float[] buffer = ArrayPool<float>.Shared.Rent(count);
                    try
                    {
                        var scores = buffer.AsSpan(0, count);
                        for (int bh = start; bh < end; bh++)
                        {
                            int b = bh / NH, h = bh % NH;
                            long cacheOffset = (long)b * maxT * C + h * hs;
                            var qRow = new ReadOnlySpan<float>(qs + (long)b * C + h * hs, hs);
                            var oRow = new Span<float>(o + (long)b * C + h * hs, hs);
                            for (int j = first; j <= pos; j++)
                                scores[j - first] = TensorPrimitives.Dot(qRow, new ReadOnlySpan<float>(ks + cacheOffset + (long)j * C, hs));
                            fixed (float* scoresPointer = scores) Exponentials.SoftmaxInPlace(scoresPointer, scores.Length);
                            oRow.Clear();
                            for (int j = first; j <= pos; j++)
                                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(vs + cacheOffset + (long)j * C, hs), scores[j - first], oRow, oRow);
                        }
                    }
                    finally
                    {
                        ArrayPool<float>.Shared.Return(buffer);
                    }
                });
            }
        }
    }

    /// <summary>One head's work: <paramref name="headOffset"/> is where head bh's channels start in a [B, T, C] tensor.</summary>
    unsafe delegate void HeadKernel(int bh, long headOffset, float* work);

    /// <summary>
    /// Runs <paramref name="kernel"/> for every (batch, head) pair, heads split across threads by
    /// <paramref name="workPerHead"/>; each thread rents one scratch buffer (<see cref="ScratchFloats"/>) for all its heads.
    /// </summary>
    static unsafe void ForEachHead(int B, int T, int C, int NH, long workPerHead, HeadKernel kernel)
    {
        int heads = B * NH, hs = C / NH;
        int parts = Parallelism.PartsFor(heads, workPerHead);
        Parallelism.For(parts, part =>
        {
            var (start, end) = Parallelism.Range(heads, parts, part);
            float[] scratch = ArrayPool<float>.Shared.Rent(ScratchFloats(T, hs));
            try
            {
                fixed (float* work = scratch)
                    for (int bh = start; bh < end; bh++)
                        kernel(bh, (long)(bh / NH) * T * C + bh % NH * hs, work);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        });
    }

    /// <summary>
    /// Heads of 16 or more channels run as matrix products on the SGEMM micro-kernel (computing the masked half of the
    /// score matrix too is cheaper than rows of dot products); smaller heads run as fused row loops, where a k = hs
    /// matrix product would spend its time storing tiles.
    /// </summary>
    static bool UseGemm(int hs) => hs >= 16;

    /// <summary>Per-thread scratch: a [T, T] score-gradient matrix for the GEMM path, [hs, T] transposes for the row path.</summary>
    static int ScratchFloats(int T, int hs) => UseGemm(hs) ? T * T : AttentionRows.ScratchFloats(T, hs);

    /// <summary>The first key position query i may attend to: 0 for global attention, else i − window + 1.</summary>
    internal static int FirstKey(int i, int window) => window >= i + 1 ? 0 : i - window + 1;

    static int Validate(int B, int T, int C, int NH, int window)
    {
        Checks.Positive(B, nameof(B));
        Checks.Positive(T, nameof(T));
        Checks.Positive(C, nameof(C));
        Checks.Positive(NH, nameof(NH));
        Checks.Positive(window, nameof(window));
        if (C % NH != 0) throw new ArgumentException($"Channels C = {C} are not divisible by the head count NH = {NH}.", nameof(NH));
        return C / NH;
    }
}
