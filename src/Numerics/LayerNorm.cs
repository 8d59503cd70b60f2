using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// Layer normalisation over the channel dimension, saving per-row mean and 1/σ for the backward pass.
/// Rows are processed in parallel blocks with fused Vector512 loops (two passes forward, two backward), which matters
/// at C = 64 where per-call overheads of generic span primitives would dominate.
/// </summary>
public static unsafe class LayerNorm
{
    const int Lanes = 16;

    /// <summary>output[bt,:] = (input[bt,:] − mean[bt]) · rstd[bt] · weight + bias, rstd = 1/√(var + eps) with the biased variance.</summary>
    /// <param name="output">[BT, C]</param>
    /// <param name="mean">[BT] saved for backward</param>
    /// <param name="rstd">[BT] saved for backward</param>
    /// <param name="input">[BT, C]</param>
    /// <param name="weight">[C]</param>
    /// <param name="bias">[C]</param>
    public static void Forward(Span<float> output, Span<float> mean, Span<float> rstd, ReadOnlySpan<float> input,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int BT, int C, float eps)
    {
        Checks.Positive(BT, nameof(BT));
        Checks.Positive(C, nameof(C));
        Checks.Length(output, (long)BT * C, nameof(output));
        Checks.Length(mean, BT, nameof(mean));
        Checks.Length(rstd, BT, nameof(rstd));
        Checks.Length(input, (long)BT * C, nameof(input));
        Checks.Length(weight, C, nameof(weight));
        Checks.Length(bias, C, nameof(bias));
        fixed (float* outputPointer = output, meanPointer = mean, rstdPointer = rstd, inputPointer = input, weightPointer = weight, biasPointer = bias)
        {
            float* o = outputPointer, mu = meanPointer, rs = rstdPointer, x = inputPointer, w = weightPointer, b = biasPointer;
            int parts = Parallelism.PartsFor(BT, 8L * C);
            Parallelism.For(parts, part =>
            {
                var (start, end) = Parallelism.Range(BT, parts, part);
                for (int row = start; row < end; row++)
                {
                    float* xRow = x + (long)row * C, oRow = o + (long)row * C;
                    float m = Sum(xRow, C) / C;
                    // Two-pass variance Σ(x−m)² rather than E[x²]−m²: no cancellation when |mean| ≫ σ.
                    float s = 1f / MathF.Sqrt(SumSquaredDeviations(xRow, C, m) / C + eps);
                    NormalizeRow(xRow, oRow, w, b, C, m, s);
                    mu[row] = m;
                    rs[row] = s;
                }
            });
        }
    }

    /// <summary>
    /// Accumulates dinput, dweight and dbias from dout. With n = (x − mean)·rstd and g = dout·weight:
    /// dbias += Σ_bt dout, dweight += Σ_bt n·dout, dinput += rstd·(g − mean(g) − n·mean(g·n)).
    /// </summary>
    /// <param name="dinput">[BT, C]</param>
    /// <param name="dweight">[C]</param>
    /// <param name="dbias">[C]</param>
    /// <param name="dout">[BT, C]</param>
    /// <param name="input">[BT, C]</param>
    /// <param name="weight">[C]</param>
    /// <param name="mean">[BT] from forward</param>
    /// <param name="rstd">[BT] from forward</param>
    public static void Backward(Span<float> dinput, Span<float> dweight, Span<float> dbias, ReadOnlySpan<float> dout,
        ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int BT, int C)
    {
        Checks.Positive(BT, nameof(BT));
        Checks.Positive(C, nameof(C));
        Checks.Length(dinput, (long)BT * C, nameof(dinput));
        Checks.Length(dweight, C, nameof(dweight));
        Checks.Length(dbias, C, nameof(dbias));
        Checks.Length(dout, (long)BT * C, nameof(dout));
        Checks.Length(input, (long)BT * C, nameof(input));
        Checks.Length(weight, C, nameof(weight));
        Checks.Length(mean, BT, nameof(mean));
        Checks.Length(rstd, BT, nameof(rstd));
        int parts = Parallelism.PartsFor(BT, 12L * C);
        // Each part sums its rows' dweight/dbias into a private [2, C] slice, reduced below in part order so that the
        // result is the same on every run with the same thread count.
        float[] partials = System.Buffers.ArrayPool<float>.Shared.Rent(parts * 2 * C);
        try
        {
            Array.Clear(partials, 0, parts * 2 * C);
            fixed (float* dinputPointer = dinput, doutPointer = dout, inputPointer = input, weightPointer = weight,
                   meanPointer = mean, rstdPointer = rstd, partialsPointer = partials)
            {
                float* dx = dinputPointer, dy = doutPointer, x = inputPointer, w = weightPointer, mu = meanPointer, rs = rstdPointer;
                float* partial = partialsPointer;
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(BT, parts, part);
                    float* dweightPart = partial + (long)part * 2 * C, dbiasPart = dweightPart + C;
                    for (int row = start; row < end; row++)
                    {
                        long offset = (long)row * C;
                        BackwardRow(dx + offset, dweightPart, dbiasPart, dy + offset, x + offset, w, mu[row], rs[row], C);
                    }
                });
                fixed (float* dweightPointer = dweight, dbiasPointer = dbias)
                    for (int part = 0; part < parts; part++)
                    {
                        Add(dweightPointer, partial + (long)part * 2 * C, C);
                        Add(dbiasPointer, partial + (long)part * 2 * C + C, C);
                    }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(partials);
        }
    }

    static float Sum(float* x, int n)
    {
        var sums = Vector512<float>.Zero;
        int i = 0;
        for (; i + Lanes <= n; i += Lanes) sums += Vector512.Load(x + i);
        float sum = Vector512.Sum(sums);
        for (; i < n; i++) sum += x[i];
        return sum;
    }

    static float SumSquaredDeviations(float* x, int n, float mean)
    {
        var sums = Vector512<float>.Zero;
        var m = Vector512.Create(mean);
        int i = 0;
        for (; i + Lanes <= n; i += Lanes)
        {
            var d = Vector512.Load(x + i) - m;
            sums = Vector512.FusedMultiplyAdd(d, d, sums);
        }
        float sum = Vector512.Sum(sums);
        for (; i < n; i++) sum += (x[i] - mean) * (x[i] - mean);
        return sum;
    }

    /// <summary>y = (x − mean)·s·w + b.</summary>
    static void NormalizeRow(float* x, float* y, float* w, float* b, int n, float mean, float s)
    {
        var m = Vector512.Create(mean);
        var scale = Vector512.Create(s);
        int i = 0;
        for (; i + Lanes <= n; i += Lanes)
            Vector512.FusedMultiplyAdd((Vector512.Load(x + i) - m) * scale, Vector512.Load(w + i), Vector512.Load(b + i)).Store(y + i);
        for (; i < n; i++) y[i] = (x[i] - mean) * s * w[i] + b[i];
    }

    /// <summary>One row of the backward pass: pass 1 accumulates dweight, dbias and the two row means; pass 2 writes dinput.</summary>
    static void BackwardRow(float* dx, float* dweight, float* dbias, float* dy, float* x, float* w, float mean, float s, int n)
    {
        var m = Vector512.Create(mean);
        var scale = Vector512.Create(s);
        var gSums = Vector512<float>.Zero;
        var gNormSums = Vector512<float>.Zero;
        int i = 0;
        for (; i + Lanes <= n; i += Lanes)
        {
            var norm = (Vector512.Load(x + i) - m) * scale;
            var d = Vector512.Load(dy + i);
            (Vector512.Load(dbias + i) + d).Store(dbias + i);
            Vector512.FusedMultiplyAdd(norm, d, Vector512.Load(dweight + i)).Store(dweight + i);
            var g = d * Vector512.Load(w + i);
            gSums += g;
            gNormSums = Vector512.FusedMultiplyAdd(g, norm, gNormSums);
        }
        float gSum = Vector512.Sum(gSums), gNormSum = Vector512.Sum(gNormSums);
        for (; i < n; i++)
        {
            float norm = (x[i] - mean) * s;
            dbias[i] += dy[i];
            dweight[i] += norm * dy[i];
            float g = dy[i] * w[i];
            gSum += g;
            gNormSum += g * norm;
        }
        float gMean = gSum / n, gNormMean = gNormSum / n;
        var gMeanVector = Vector512.Create(gMean);
        var gNormMeanVector = Vector512.Create(gNormMean);
        i = 0;
        for (; i + Lanes <= n; i += Lanes)
        {
            var norm = (Vector512.Load(x + i) - m) * scale;
            var g = Vector512.Load(dy + i) * Vector512.Load(w + i);
            var local = g - gMeanVector - norm * gNormMeanVector;
            Vector512.FusedMultiplyAdd(local, scale, Vector512.Load(dx + i)).Store(dx + i);
        }
        for (; i < n; i++)
        {
            float norm = (x[i] - mean) * s;
            float g = dy[i] * w[i];
            dx[i] += (g - gMean - norm * gNormMean) * s;
        }
    }

    static void Add(float* target, float* source, int n)
    {
        int i = 0;
        for (; i + Lanes <= n; i += Lanes) (Vector512.Load(target + i) + Vector512.Load(source + i)).Store(target + i);
        for (; i < n; i++) target[i] += source[i];
    }
}
