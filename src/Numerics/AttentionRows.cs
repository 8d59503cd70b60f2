using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// Attention for small heads (hs &lt; 16) as fused per-query loops vectorised over the keys of one row. Each head's keys
/// and values are first copied transposed, [hs, T] with row stride T, so that channel d of keys first..first+count is
/// contiguous. Every loop runs 16 keys per Vector512 step and finishes the row with a scalar tail.
/// All pointers address one head: q, k, v, output and their gradients are [T, hs] slices with row stride C; att is [T, T].
/// </summary>
internal static unsafe class AttentionRows
{
    const int Lanes = 16;

    /// <summary>Scratch floats per thread: transposed keys, values and their gradients, plus one row of score gradients.</summary>
    public static int ScratchFloats(int T, int hs) => 4 * hs * T + T;

    /// <param name="firstQuery">Queries of positions [firstQuery, T) only: q and output are [T − firstQuery, hs] slices, att is [T − firstQuery, T].</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardHead(float* output, float* att, float* q, float* k, float* v, int T, int C, int hs, int window, float* scratch, int firstQuery = 0)
    {
        float* kt = scratch, vt = scratch + (long)hs * T; // [hs, T] each
        TransposeHead(k, kt, T, C, hs);
        TransposeHead(v, vt, T, C, hs);
        for (int i = firstQuery; i < T; i++)
        {
            int first = Attention.FirstKey(i, window), count = i - first + 1;
            float* attRow = att + (long)(i - firstQuery) * T;
            float* oRow = output + (long)(i - firstQuery) * C;
            new Span<float>(attRow, first).Clear();
            new Span<float>(attRow + i + 1, T - i - 1).Clear();
            // p[j] = exp(q·k_j − max) / Σ, then output[d] = Σ_j p[j]·v[j,d].
            float* p = attRow + first;
            float max = Scores(kt + first, T, q + (long)(i - firstQuery) * C, hs, count, p);
            float sum = Exponentials.ExpShifted(p, p, count, max);
            Scale(p, count, 1f / sum);
            for (int d = 0; d < hs; d++) oRow[d] = Dot(p, vt + (long)d * T + first, count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BackwardHead(float* dq, float* dk, float* dv, float* dout, float* att, float* q, float* k, float* v,
        int T, int C, int hs, int window, float* scratch)
    {
        float* kt = scratch;                          // [hs, T] keys
        float* vt = scratch + (long)hs * T;           // [hs, T] values
        float* dkt = scratch + 2L * hs * T;           // [hs, T] key gradients
        float* dvt = scratch + 3L * hs * T;           // [hs, T] value gradients
        float* dscore = scratch + 4L * hs * T;        // [T] one query's score gradients
        TransposeHead(k, kt, T, C, hs);
        TransposeHead(v, vt, T, C, hs);
        new Span<float>(dkt, 2 * hs * T).Clear();
        for (int i = 0; i < T; i++)
        {
            int first = Attention.FirstKey(i, window), count = i - first + 1;
            float* p = att + (long)i * T + first;
            float* doutRow = dout + (long)i * C;
            float* qRow = q + (long)i * C;
            float* dqRow = dq + (long)i * C;
            float weighted = ProbabilityGradient(vt + first, T, doutRow, hs, p, count, dscore);
            SoftmaxGradient(p, dscore, count, weighted);
            for (int d = 0; d < hs; d++)
            {
                long channel = (long)d * T + first;
                dqRow[d] += ChannelGradients(dscore, p, kt + channel, dkt + channel, dvt + channel, count, qRow[d], doutRow[d]);
            }
        }
        AddTransposedHead(dkt, dk, T, C, hs);
        AddTransposedHead(dvt, dv, T, C, hs);
    }

    /// <summary>transposed[d, t] = head[t·C + d] for one head's [T, hs] slice of a [T, C] activation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TransposeHead(float* head, float* transposed, int T, int C, int hs)
    {
        for (int t = 0; t < T; t++)
        {
            float* row = head + (long)t * C;
            for (int d = 0; d < hs; d++) transposed[(long)d * T + t] = row[d];
        }
    }

    /// <summary>head[t·C + d] += transposed[d, t], the inverse of <see cref="TransposeHead"/> for gradients.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void AddTransposedHead(float* transposed, float* head, int T, int C, int hs)
    {
        for (int t = 0; t < T; t++)
        {
            float* row = head + (long)t * C;
            for (int d = 0; d < hs; d++) row[d] += transposed[(long)d * T + t];
        }
    }

    /// <summary>scores[j] = Σ_d q[d]·kt[d·T + j] for j in [0, count); returns max_j scores[j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static float Scores(float* kt, int T, float* q, int hs, int count, float* scores)
    {
        var maxima = Vector512.Create(float.NegativeInfinity);
        int j = 0;
        for (; j + Lanes <= count; j += Lanes)
        {
            var sum = Vector512.Create(q[0]) * Vector512.Load(kt + j);
            for (int d = 1; d < hs; d++) sum = Vector512.FusedMultiplyAdd(Vector512.Create(q[d]), Vector512.Load(kt + (long)d * T + j), sum);
            sum.Store(scores + j);
            maxima = Vector512.Max(maxima, sum);
        }
        float max = HorizontalMax(maxima);
        for (; j < count; j++)
        {
            float sum = 0;
            for (int d = 0; d < hs; d++) sum += q[d] * kt[(long)d * T + j];
            scores[j] = sum;
            max = MathF.Max(max, sum);
        }
        return max;
    }

    /// <summary>x[j] ·= factor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Scale(float* x, int count, float factor)
    {
        var f = Vector512.Create(factor);
        int j = 0;
        for (; j + Lanes <= count; j += Lanes) (Vector512.Load(x + j) * f).Store(x + j);
        for (; j < count; j++) x[j] *= factor;
    }

    /// <summary>Σ_j x[j]·y[j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static float Dot(float* x, float* y, int count)
    {
        var sums = Vector512<float>.Zero;
        int j = 0;
        for (; j + Lanes <= count; j += Lanes) sums = Vector512.FusedMultiplyAdd(Vector512.Load(x + j), Vector512.Load(y + j), sums);
        float sum = Vector512.Sum(sums);
        for (; j < count; j++) sum += x[j] * y[j];
        return sum;
    }

    /// <summary>
    /// dscore[j] = Σ_d dout[d]·vt[d·T + j] (the gradient of the probabilities); returns Σ_j p[j]·dscore[j].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static float ProbabilityGradient(float* vt, int T, float* dout, int hs, float* p, int count, float* dscore)
    {
        var weighted = Vector512<float>.Zero;
        int j = 0;
        for (; j + Lanes <= count; j += Lanes)
        {
            var sum = Vector512.Create(dout[0]) * Vector512.Load(vt + j);
            for (int d = 1; d < hs; d++) sum = Vector512.FusedMultiplyAdd(Vector512.Create(dout[d]), Vector512.Load(vt + (long)d * T + j), sum);
            sum.Store(dscore + j);
            weighted = Vector512.FusedMultiplyAdd(Vector512.Load(p + j), sum, weighted);
        }
        float total = Vector512.Sum(weighted);
        for (; j < count; j++)
        {
            float sum = 0;
            for (int d = 0; d < hs; d++) sum += dout[d] * vt[(long)d * T + j];
            dscore[j] = sum;
            total += p[j] * sum;
        }
        return total;
    }

    /// <summary>dscore[j] = p[j]·(dscore[j] − weighted): the softmax backward.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void SoftmaxGradient(float* p, float* dscore, int count, float weighted)
    {
        var w = Vector512.Create(weighted);
        int j = 0;
        for (; j + Lanes <= count; j += Lanes) (Vector512.Load(p + j) * (Vector512.Load(dscore + j) - w)).Store(dscore + j);
        for (; j < count; j++) dscore[j] = p[j] * (dscore[j] - weighted);
    }

    /// <summary>
    /// For one channel d: returns Σ_j dscore[j]·kt[j] (this query's dq[d]) while accumulating
    /// dkt[j] += qd·dscore[j] and dvt[j] += doutd·p[j] (the keys' and values' gradients).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static float ChannelGradients(float* dscore, float* p, float* kt, float* dkt, float* dvt, int count, float qd, float doutd)
    {
        var dq = Vector512<float>.Zero;
        var q = Vector512.Create(qd);
        var g = Vector512.Create(doutd);
        int j = 0;
        for (; j + Lanes <= count; j += Lanes)
        {
            var ds = Vector512.Load(dscore + j);
            dq = Vector512.FusedMultiplyAdd(ds, Vector512.Load(kt + j), dq);
            Vector512.FusedMultiplyAdd(ds, q, Vector512.Load(dkt + j)).Store(dkt + j);
            Vector512.FusedMultiplyAdd(Vector512.Load(p + j), g, Vector512.Load(dvt + j)).Store(dvt + j);
        }
        float sum = Vector512.Sum(dq);
        for (; j < count; j++)
        {
            sum += dscore[j] * kt[j];
            dkt[j] += qd * dscore[j];
            dvt[j] += doutd * p[j];
        }
        return sum;
    }

    static float HorizontalMax(Vector512<float> v)
    {
        var half = Vector256.Max(v.GetLower(), v.GetUpper());
        var quarter = Vector128.Max(half.GetLower(), half.GetUpper());
        float max = quarter.GetElement(0);
        for (int i = 1; i < 4; i++) max = MathF.Max(max, quarter.GetElement(i));
        return max;
    }
}
