using System.Buffers;
using System.Numerics.Tensors;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// GPT-Neo multi-head self-attention on already projected q, k, v: scores q·kᵀ WITHOUT the usual 1/√d scaling
/// (GPT-Neo folds it into its weights), a causal mask (key j ≤ query i), for local layers also j &gt; i − window,
/// and an fp32 softmax. Head h owns channels [h·hs, (h+1)·hs) with hs = C / NH.
/// Each head's keys and values are first copied into [hs, T] transposed scratch, so that a query's score row and each
/// output channel are contiguous vector operations over the keys, however small the head (hs = 4 in the 1M model).
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
                    float[] scratch = ArrayPool<float>.Shared.Rent(2 * hs * T);
                    try
                    {
                        var kt = scratch.AsSpan(0, hs * T);      // [hs, T]
                        var vt = scratch.AsSpan(hs * T, hs * T); // [hs, T]
                        for (int bh = start; bh < end; bh++)
                        {
                            long headOffset = (long)(bh / NH) * T * C + bh % NH * hs;
                            TransposeHead(ks + headOffset, kt, T, C, hs);
                            TransposeHead(vs + headOffset, vt, T, C, hs);
                            for (int i = 0; i < T; i++)
                            {
                                int first = FirstKey(i, window), count = i - first + 1;
                                var attRow = new Span<float>(a + ((long)bh * T + i) * T, T);
                                float* qRow = qs + headOffset + (long)i * C;
                                float* oRow = o + headOffset + (long)i * C;
                                attRow[..first].Clear();
                                attRow[(i + 1)..].Clear();
                                // scores[j] = Σ_d q[i,d]·k[j,d]
                                var scores = attRow.Slice(first, count);
                                TensorPrimitives.Multiply(kt.Slice(first, count), qRow[0], scores);
                                for (int d = 1; d < hs; d++) TensorPrimitives.MultiplyAdd(kt.Slice(d * T + first, count), qRow[d], scores, scores);
                                SoftmaxInPlace(scores);
                                for (int d = 0; d < hs; d++) oRow[d] = TensorPrimitives.Dot(scores, vt.Slice(d * T + first, count));
                            }
                        }
                    }
                    finally
                    {
                        ArrayPool<float>.Shared.Return(scratch);
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
                int parts = Parallelism.PartsFor(heads, (long)T * Math.Min(T, window) * hs * 6);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(heads, parts, part);
                    float[] scratch = ArrayPool<float>.Shared.Rent(4 * hs * T + T);
                    try
                    {
                        var kt = scratch.AsSpan(0, hs * T);               // [hs, T] keys
                        var vt = scratch.AsSpan(hs * T, hs * T);          // [hs, T] values
                        var dkt = scratch.AsSpan(2 * hs * T, hs * T);     // [hs, T] key gradients
                        var dvt = scratch.AsSpan(3 * hs * T, hs * T);     // [hs, T] value gradients
                        var dscoreRow = scratch.AsSpan(4 * hs * T, T);    // [T] one query's dscore
                        for (int bh = start; bh < end; bh++)
                        {
                            long headOffset = (long)(bh / NH) * T * C + bh % NH * hs;
                            TransposeHead(ks + headOffset, kt, T, C, hs);
                            TransposeHead(vs + headOffset, vt, T, C, hs);
                            dkt.Clear();
                            dvt.Clear();
                            for (int i = 0; i < T; i++)
                            {
                                int first = FirstKey(i, window), count = i - first + 1;
                                var p = new ReadOnlySpan<float>(a + ((long)bh * T + i) * T + first, count);
                                float* doutRow = dos + headOffset + (long)i * C;
                                float* qRow = qs + headOffset + (long)i * C;
                                float* dqRow = dqs + headOffset + (long)i * C;
                                var dscore = dscoreRow[..count];
                                // datt[j] = Σ_d dout[i,d]·v[j,d]
                                TensorPrimitives.Multiply(vt.Slice(first, count), doutRow[0], dscore);
                                for (int d = 1; d < hs; d++) TensorPrimitives.MultiplyAdd(vt.Slice(d * T + first, count), doutRow[d], dscore, dscore);
                                // dscore = p ⊙ (datt − Σ_l p_l·datt_l)
                                float weighted = TensorPrimitives.Dot(p, dscore);
                                TensorPrimitives.Subtract(dscore, weighted, dscore);
                                TensorPrimitives.Multiply(dscore, p, dscore);
                                for (int d = 0; d < hs; d++)
                                {
                                    dqRow[d] += TensorPrimitives.Dot(dscore, kt.Slice(d * T + first, count));
                                    var dkSlice = dkt.Slice(d * T + first, count);
                                    TensorPrimitives.MultiplyAdd(dscore, qRow[d], dkSlice, dkSlice);
                                    var dvSlice = dvt.Slice(d * T + first, count);
                                    TensorPrimitives.MultiplyAdd(p, doutRow[d], dvSlice, dvSlice);
                                }
                            }
                            AddTransposedHead(dkt, dks + headOffset, T, C, hs);
                            AddTransposedHead(dvt, dvs + headOffset, T, C, hs);
                        }
                    }
                    finally
                    {
                        ArrayPool<float>.Shared.Return(scratch);
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
                            SoftmaxInPlace(scores);
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

    /// <summary>transposed[d, t] = head[t·C + d] for one head's [T, hs] slice of a [T, C] activation.</summary>
    static unsafe void TransposeHead(float* head, Span<float> transposed, int T, int C, int hs)
    {
        for (int t = 0; t < T; t++)
        {
            float* row = head + (long)t * C;
            for (int d = 0; d < hs; d++) transposed[d * T + t] = row[d];
        }
    }

    /// <summary>head[t·C + d] += transposed[d, t], the inverse of <see cref="TransposeHead"/> for gradients.</summary>
    static unsafe void AddTransposedHead(ReadOnlySpan<float> transposed, float* head, int T, int C, int hs)
    {
        for (int t = 0; t < T; t++)
        {
            float* row = head + (long)t * C;
            for (int d = 0; d < hs; d++) row[d] += transposed[d * T + t];
        }
    }

    /// <summary>Softmax with the maximum subtracted first: GPT-Neo's unscaled scores easily exceed exp's float range.</summary>
    static void SoftmaxInPlace(Span<float> scores)
    {
        float max = TensorPrimitives.Max(scores);
        TensorPrimitives.Subtract(scores, max, scores);
        TensorPrimitives.Exp(scores, scores);
        TensorPrimitives.Multiply(scores, 1f / TensorPrimitives.Sum(scores), scores);
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
