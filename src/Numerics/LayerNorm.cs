using System.Numerics.Tensors;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>Layer normalisation over the channel dimension, saving per-row mean and 1/σ for the backward pass.</summary>
public static class LayerNorm
{
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
        unsafe
        {
            fixed (float* outputPointer = output, meanPointer = mean, rstdPointer = rstd, inputPointer = input, weightPointer = weight, biasPointer = bias)
            {
                float* o = outputPointer, mu = meanPointer, rs = rstdPointer, x = inputPointer, w = weightPointer, b = biasPointer;
                int parts = Parallelism.PartsFor(BT, 6L * C);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(BT, parts, part);
                    var weights = new ReadOnlySpan<float>(w, C);
                    var biases = new ReadOnlySpan<float>(b, C);
                    for (int row = start; row < end; row++)
                    {
                        var xRow = new ReadOnlySpan<float>(x + (long)row * C, C);
                        var oRow = new Span<float>(o + (long)row * C, C);
                        float m = TensorPrimitives.Sum(xRow) / C;
                        // Two-pass variance (Σ(x−m)²) rather than E[x²]−m²: no cancellation when |mean| ≫ σ.
                        TensorPrimitives.Subtract(xRow, m, oRow);
                        float variance = TensorPrimitives.Dot(oRow, oRow) / C;
                        float s = 1f / MathF.Sqrt(variance + eps);
                        TensorPrimitives.Multiply(oRow, s, oRow);
                        TensorPrimitives.FusedMultiplyAdd(oRow, weights, biases, oRow);
                        mu[row] = m;
                        rs[row] = s;
                    }
                });
            }
        }
    }

    /// <summary>
    /// Accumulates dinput, dweight and dbias from dout. With n = (x − mean)·rstd:
    /// dbias += Σ_bt dout, dweight += Σ_bt n·dout, dinput += rstd·(g − mean(g) − n·mean(g·n)) where g = dout·weight.
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
        int parts = Parallelism.PartsFor(BT, 10L * C);
        // Each part sums its rows' dweight/dbias into a private [2, C] slice, reduced below in a fixed order so the result is deterministic.
        float[] partials = System.Buffers.ArrayPool<float>.Shared.Rent(parts * 2 * C);
        float[] scratch = System.Buffers.ArrayPool<float>.Shared.Rent(parts * 2 * C);
        try
        {
            Array.Clear(partials, 0, parts * 2 * C);
            unsafe
            {
                fixed (float* dinputPointer = dinput, doutPointer = dout, inputPointer = input, weightPointer = weight,
                       meanPointer = mean, rstdPointer = rstd, partialsPointer = partials, scratchPointer = scratch)
                {
                    float* dx = dinputPointer, dy = doutPointer, x = inputPointer, w = weightPointer, mu = meanPointer, rs = rstdPointer;
                    float* partial = partialsPointer, work = scratchPointer;
                    Parallelism.For(parts, part =>
                    {
                        var (start, end) = Parallelism.Range(BT, parts, part);
                        var weights = new ReadOnlySpan<float>(w, C);
                        var dweightPart = new Span<float>(partial + (long)part * 2 * C, C);
                        var dbiasPart = new Span<float>(partial + (long)part * 2 * C + C, C);
                        var norm = new Span<float>(work + (long)part * 2 * C, C);
                        var g = new Span<float>(work + (long)part * 2 * C + C, C);
                        for (int row = start; row < end; row++)
                        {
                            var xRow = new ReadOnlySpan<float>(x + (long)row * C, C);
                            var dyRow = new ReadOnlySpan<float>(dy + (long)row * C, C);
                            var dxRow = new Span<float>(dx + (long)row * C, C);
                            float s = rs[row];
                            TensorPrimitives.Subtract(xRow, mu[row], norm);
                            TensorPrimitives.Multiply(norm, s, norm);
                            TensorPrimitives.Add(dbiasPart, dyRow, dbiasPart);
                            TensorPrimitives.FusedMultiplyAdd(norm, dyRow, dweightPart, dweightPart);
                            TensorPrimitives.Multiply(dyRow, weights, g);
                            float gMean = TensorPrimitives.Sum(g) / C;
                            float gNormMean = TensorPrimitives.Dot(g, norm) / C;
                            // dx += s·(g − gMean − norm·gNormMean)
                            TensorPrimitives.MultiplyAdd(norm, -gNormMean, g, g);
                            TensorPrimitives.Subtract(g, gMean, g);
                            TensorPrimitives.MultiplyAdd(g, s, dxRow, dxRow);
                        }
                    });
                }
            }
            for (int part = 0; part < parts; part++)
            {
                TensorPrimitives.Add(dweight[..C], partials.AsSpan(part * 2 * C, C), dweight[..C]);
                TensorPrimitives.Add(dbias[..C], partials.AsSpan(part * 2 * C + C, C), dbias[..C]);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(partials);
            System.Buffers.ArrayPool<float>.Shared.Return(scratch);
        }
    }
}
