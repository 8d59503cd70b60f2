using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// The per-query loops of <see cref="Attention"/>, fused and vectorised over the keys of one row. Keys and values of the
/// head are stored transposed, [hs, T] with row stride T, so that channel d of keys first..first+count is contiguous.
/// Every loop runs 16 keys per Vector512 step and finishes the row with a scalar tail.
/// </summary>
internal static unsafe class AttentionRows
{
    const int Lanes = 16;

    /// <summary>scores[j] = Σ_d q[d]·kt[d·T + j] for j in [0, count); returns max_j scores[j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Scores(float* kt, int T, float* q, int hs, int count, float* scores)
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

    /// <summary>x[j] = exp(x[j] − shift) in place; returns Σ_j x[j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float ExpInPlace(float* x, int count, float shift)
    {
        var sums = Vector512<float>.Zero;
        var offset = Vector512.Create(shift);
        int j = 0;
        for (; j + Lanes <= count; j += Lanes)
        {
            var e = Vector512.Exp(Vector512.Load(x + j) - offset);
            e.Store(x + j);
            sums += e;
        }
        float sum = Vector512.Sum(sums);
        for (; j < count; j++)
        {
            float e = MathF.Exp(x[j] - shift);
            x[j] = e;
            sum += e;
        }
        return sum;
    }

    /// <summary>x[j] ·= factor.</summary>
    public static void Scale(float* x, int count, float factor)
    {
        var f = Vector512.Create(factor);
        int j = 0;
        for (; j + Lanes <= count; j += Lanes) (Vector512.Load(x + j) * f).Store(x + j);
        for (; j < count; j++) x[j] *= factor;
    }

    /// <summary>Σ_j x[j]·y[j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(float* x, float* y, int count)
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
    public static float ProbabilityGradient(float* vt, int T, float* dout, int hs, float* p, int count, float* dscore)
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
    public static void SoftmaxGradient(float* p, float* dscore, int count, float weighted)
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
    public static float ChannelGradients(float* dscore, float* p, float* kt, float* dkt, float* dvt, int count, float qd, float doutd)
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
