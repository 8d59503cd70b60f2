using System.Numerics.Tensors;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>The dense (linear) layer y = x·Wᵀ + b with PyTorch's weight layout [out, in], built on <see cref="Gemm.Sgemm"/>.</summary>
public static unsafe class Matmul
{
    const int ColumnBlock = 256;

    /// <summary>output[bt,o] = Σ_c input[bt,c]·weight[o,c] + bias[o].</summary>
    /// <param name="output">[BT, OC]</param>
    /// <param name="input">[BT, C]</param>
    /// <param name="weight">[OC, C]</param>
    /// <param name="bias">[OC], or empty for no bias</param>
    public static void Forward(Span<float> output, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        int BT, int C, int OC)
    {
        Validate(BT, C, OC);
        Checks.Length(output, (long)BT * OC, nameof(output));
        Checks.Length(input, (long)BT * C, nameof(input));
        Checks.Length(weight, (long)OC * C, nameof(weight));
        float beta = 0;
        if (!bias.IsEmpty)
        {
            // Start every row at the bias and let the product accumulate onto it (beta = 1).
            Checks.Length(bias, OC, nameof(bias));
            fixed (float* outputPointer = output, biasPointer = bias)
            {
                float* o = outputPointer, b = biasPointer;
                int parts = Parallelism.PartsFor(BT, OC);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(BT, parts, part);
                    var source = new ReadOnlySpan<float>(b, OC);
                    for (int row = start; row < end; row++) source.CopyTo(new Span<float>(o + (long)row * OC, OC));
                });
            }
            beta = 1;
        }
        Gemm.Sgemm(Transpose.No, Transpose.Yes, BT, OC, C, 1f, input, C, weight, C, beta, output, OC);
    }

    /// <summary>dinput += dout·weight; dweight += doutᵀ·input; dbias += Σ_bt dout (skipped when dbias is empty).</summary>
    /// <param name="dinput">[BT, C]</param>
    /// <param name="dweight">[OC, C]</param>
    /// <param name="dbias">[OC], or empty for no bias</param>
    /// <param name="dout">[BT, OC]</param>
    /// <param name="input">[BT, C]</param>
    /// <param name="weight">[OC, C]</param>
    public static void Backward(Span<float> dinput, Span<float> dweight, Span<float> dbias, ReadOnlySpan<float> dout,
        ReadOnlySpan<float> input, ReadOnlySpan<float> weight, int BT, int C, int OC)
    {
        Validate(BT, C, OC);
        Checks.Length(dinput, (long)BT * C, nameof(dinput));
        Checks.Length(dweight, (long)OC * C, nameof(dweight));
        Checks.Length(dout, (long)BT * OC, nameof(dout));
        Checks.Length(input, (long)BT * C, nameof(input));
        Checks.Length(weight, (long)OC * C, nameof(weight));
        // dinput[BT,C] += dout[BT,OC] · weight[OC,C]
        Gemm.Sgemm(Transpose.No, Transpose.No, BT, C, OC, 1f, dout, OC, weight, C, 1f, dinput, C);
        // dweight[OC,C] += dout[BT,OC]ᵀ · input[BT,C]
        Gemm.Sgemm(Transpose.Yes, Transpose.No, OC, C, BT, 1f, dout, OC, input, C, 1f, dweight, C);
        if (!dbias.IsEmpty)
        {
            // dbias[o] += Σ_bt dout[bt,o]: threads own column ranges, so no partial sums need merging.
            Checks.Length(dbias, OC, nameof(dbias));
            fixed (float* dbiasPointer = dbias, doutPointer = dout)
            {
                float* db = dbiasPointer, dy = doutPointer;
                int blocks = (OC + ColumnBlock - 1) / ColumnBlock;
                int parts = Parallelism.PartsFor(blocks, (long)BT * ColumnBlock);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(blocks, parts, part);
                    int from = start * ColumnBlock, width = Math.Min(OC, end * ColumnBlock) - from;
                    var sums = new Span<float>(db + from, width);
                    for (int row = 0; row < BT; row++) TensorPrimitives.Add(sums, new ReadOnlySpan<float>(dy + (long)row * OC + from, width), sums);
                });
            }
        }
    }

    static void Validate(int BT, int C, int OC)
    {
        Checks.Positive(BT, nameof(BT));
        Checks.Positive(C, nameof(C));
        Checks.Positive(OC, nameof(OC));
    }
}
