using System.Numerics.Tensors;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// GPT-Neo multi-head self-attention on already projected q, k, v: scores q·kᵀ WITHOUT the usual 1/√d scaling
/// (GPT-Neo folds it into its weights), a causal mask (key j ≤ query i), for local layers also j &gt; i − window,
/// and an fp32 softmax. Head h owns channels [h·hs, (h+1)·hs) with hs = C / NH.
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
                int heads = B * NH;
                int parts = Parallelism.PartsFor(heads, (long)T * Math.Min(T, window) * hs * 2);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(heads, parts, part);
                    for (int bh = start; bh < end; bh++)
                    {
                        int b = bh / NH, h = bh % NH;
                        long headOffset = (long)b * T * C + h * hs;
                        for (int i = 0; i < T; i++)
                        {
                            var attRow = new Span<float>(a + ((long)bh * T + i) * T, T);
                            var oRow = new Span<float>(o + headOffset + (long)i * C, hs);
                            var qRow = new ReadOnlySpan<float>(qs + headOffset + (long)i * C, hs);
                            int first = FirstKey(i, window);
                            attRow.Clear();
                            for (int j = first; j <= i; j++)
                                attRow[j] = TensorPrimitives.Dot(qRow, new ReadOnlySpan<float>(ks + headOffset + (long)j * C, hs));
                            var allowed = attRow[first..(i + 1)];
                            TensorPrimitives.SoftMax(allowed, allowed);
                            oRow.Clear();
                            for (int j = first; j <= i; j++)
                                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(vs + headOffset + (long)j * C, hs), attRow[j], oRow, oRow);
                        }
                    }
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
                int heads = B * NH;
                int parts = Parallelism.PartsFor(heads, (long)T * Math.Min(T, window) * hs * 4);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(heads, parts, part);
                    var dscore = new float[T];
                    for (int bh = start; bh < end; bh++)
                    {
                        int b = bh / NH, h = bh % NH;
                        long headOffset = (long)b * T * C + h * hs;
                        for (int i = 0; i < T; i++)
                        {
                            var attRow = new ReadOnlySpan<float>(a + ((long)bh * T + i) * T, T);
                            var doutRow = new ReadOnlySpan<float>(dos + headOffset + (long)i * C, hs);
                            var qRow = new ReadOnlySpan<float>(qs + headOffset + (long)i * C, hs);
                            var dqRow = new Span<float>(dqs + headOffset + (long)i * C, hs);
                            int first = FirstKey(i, window);
                            float weighted = 0;
                            for (int j = first; j <= i; j++)
                            {
                                float datt = TensorPrimitives.Dot(doutRow, new ReadOnlySpan<float>(vs + headOffset + (long)j * C, hs));
                                dscore[j] = datt;
                                weighted += attRow[j] * datt;
                            }
                            for (int j = first; j <= i; j++)
                            {
                                float p = attRow[j];
                                float ds = p * (dscore[j] - weighted);
                                long keyOffset = headOffset + (long)j * C;
                                var dvRow = new Span<float>(dvs + keyOffset, hs);
                                TensorPrimitives.MultiplyAdd(doutRow, p, dvRow, dvRow);
                                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(ks + keyOffset, hs), ds, dqRow, dqRow);
                                var dkRow = new Span<float>(dks + keyOffset, hs);
                                TensorPrimitives.MultiplyAdd(qRow, ds, dkRow, dkRow);
                            }
                        }
                    }
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
        int first = FirstKey(pos, window);
        unsafe
        {
            fixed (float* outputPointer = output, qPointer = q, kPointer = kCache, vPointer = vCache)
            {
                float* o = outputPointer, qs = qPointer, ks = kPointer, vs = vPointer;
                int heads = B * NH;
                int parts = Parallelism.PartsFor(heads, (long)(pos - first + 1) * hs * 4);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(heads, parts, part);
                    var scores = new float[pos - first + 1];
                    for (int bh = start; bh < end; bh++)
                    {
                        int b = bh / NH, h = bh % NH;
                        long cacheOffset = (long)b * maxT * C + h * hs;
                        var qRow = new ReadOnlySpan<float>(qs + (long)b * C + h * hs, hs);
                        var oRow = new Span<float>(o + (long)b * C + h * hs, hs);
                        for (int j = first; j <= pos; j++)
                            scores[j - first] = TensorPrimitives.Dot(qRow, new ReadOnlySpan<float>(ks + cacheOffset + (long)j * C, hs));
                        TensorPrimitives.SoftMax(scores, scores);
                        oRow.Clear();
                        for (int j = first; j <= pos; j++)
                            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(vs + cacheOffset + (long)j * C, hs), scores[j - first], oRow, oRow);
                    }
                });
            }
        }
    }

    /// <summary>The first key position query i may attend to: 0 for global attention, else i − window + 1.</summary>
    static int FirstKey(int i, int window) => window >= i + 1 ? 0 : i - window + 1;

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
