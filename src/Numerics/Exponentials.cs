using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>The shifted-exponential sums behind every softmax here (attention rows, the vocabulary softmax), in one fused pass.</summary>
internal static unsafe class Exponentials
{
    const int Lanes = 16;

    /// <summary>destination[i] = exp(x[i] − shift) (destination may equal x); returns Σ exp(x[i] − shift).</summary>
    public static float ExpShifted(float* x, float* destination, int n, float shift) => Run(x, destination, n, shift, write: true);

    /// <summary>Σ exp(x[i] − shift) without writing anything.</summary>
    public static float SumExpShifted(float* x, int n, float shift) => Run(x, null, n, shift, write: false);

    /// <summary>Softmax in place with the maximum subtracted first: GPT-Neo's unscaled attention scores easily exceed exp's float range.</summary>
    public static void SoftmaxInPlace(float* x, int n)
    {
        float max = System.Numerics.Tensors.TensorPrimitives.Max(new ReadOnlySpan<float>(x, n));
        float scale = 1f / ExpShifted(x, x, n, max);
        var factor = Vector512.Create(scale);
        int i = 0;
        for (; i + Lanes <= n; i += Lanes) (Vector512.Load(x + i) * factor).Store(x + i);
        for (; i < n; i++) x[i] *= scale;
    }

    static float Run(float* x, float* destination, int n, float shift, bool write)
    {
        var sums = Vector512<float>.Zero;
        var offset = Vector512.Create(shift);
        int i = 0;
        for (; i + Lanes <= n; i += Lanes)
        {
            var e = Vector512.Exp(Vector512.Load(x + i) - offset);
            if (write) e.Store(destination + i);
            sums += e;
        }
        float sum = Vector512.Sum(sums);
        for (; i < n; i++)
        {
            float e = MathF.Exp(x[i] - shift);
            if (write) destination[i] = e;
            sum += e;
        }
        return sum;
    }
}
