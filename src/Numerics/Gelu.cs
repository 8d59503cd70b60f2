using System.Runtime.CompilerServices;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>GPT-Neo's "gelu_new": 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), the tanh approximation of GELU.</summary>
public static class Gelu
{
    const float ScalingFactor = 0.7978845608028654f; // √(2/π)
    const float Cubic = 0.044715f;
    const int Chunk = 4096;

    /// <summary>output[N] = gelu_new(input[N]).</summary>
    public static void Forward(Span<float> output, ReadOnlySpan<float> input, int N)
    {
        Checks.Length(output, N, nameof(output));
        Checks.Length(input, N, nameof(input));
        unsafe
        {
            fixed (float* outputPointer = output, inputPointer = input)
            {
                float* o = outputPointer, x = inputPointer;
                int chunks = (N + Chunk - 1) / Chunk;
                int parts = Parallelism.PartsFor(chunks, Chunk * 20);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(chunks, parts, part);
                    int from = start * Chunk, to = Math.Min(N, end * Chunk);
                    ForwardRange(new ReadOnlySpan<float>(x + from, to - from), new Span<float>(o + from, to - from));
                });
            }
        }
    }

    /// <summary>dinput[N] += gelu_new'(input[N]) · dout[N].</summary>
    public static void Backward(Span<float> dinput, ReadOnlySpan<float> input, ReadOnlySpan<float> dout, int N)
    {
        Checks.Length(dinput, N, nameof(dinput));
        Checks.Length(input, N, nameof(input));
        Checks.Length(dout, N, nameof(dout));
        unsafe
        {
            fixed (float* dinputPointer = dinput, inputPointer = input, doutPointer = dout)
            {
                float* dx = dinputPointer, x = inputPointer, dy = doutPointer;
                int chunks = (N + Chunk - 1) / Chunk;
                int parts = Parallelism.PartsFor(chunks, Chunk * 30);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(chunks, parts, part);
                    int from = start * Chunk, to = Math.Min(N, end * Chunk);
                    BackwardRange(new Span<float>(dx + from, to - from), new ReadOnlySpan<float>(x + from, to - from),
                        new ReadOnlySpan<float>(dy + from, to - from));
                });
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ForwardRange(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<float>.Count <= x.Length; i += Vector512<float>.Count)
            {
                var v = Vector512.Create(x.Slice(i, Vector512<float>.Count));
                var u = ScalingFactor * (v + Cubic * v * v * v);
                var result = 0.5f * v * (Vector512<float>.One + Tanh(u));
                result.CopyTo(y.Slice(i, Vector512<float>.Count));
            }
        }
        for (; i < x.Length; i++)
        {
            float v = x[i];
            y[i] = 0.5f * v * (1f + MathF.Tanh(ScalingFactor * (v + Cubic * v * v * v)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void BackwardRange(Span<float> dx, ReadOnlySpan<float> x, ReadOnlySpan<float> dy)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + Vector512<float>.Count <= x.Length; i += Vector512<float>.Count)
            {
                var v = Vector512.Create(x.Slice(i, Vector512<float>.Count));
                var u = ScalingFactor * (v + Cubic * v * v * v);
                var tanh = Tanh(u);
                var sech2 = Vector512<float>.One - tanh * tanh;
                var local = 0.5f * (Vector512<float>.One + tanh) + 0.5f * v * sech2 * ScalingFactor * (Vector512<float>.One + 3f * Cubic * v * v);
                var d = Vector512.Create(dx.Slice(i, Vector512<float>.Count)) + local * Vector512.Create(dy.Slice(i, Vector512<float>.Count));
                d.CopyTo(dx.Slice(i, Vector512<float>.Count));
            }
        }
        for (; i < x.Length; i++)
        {
            float v = x[i];
            float tanh = MathF.Tanh(ScalingFactor * (v + Cubic * v * v * v));
            float sech2 = 1f - tanh * tanh;
            float local = 0.5f * (1f + tanh) + 0.5f * v * sech2 * ScalingFactor * (1f + 3f * Cubic * v * v);
            dx[i] += local * dy[i];
        }
    }

    /// <summary>tanh(u) = 1 − 2/(exp(2u)+1), with u clamped so exp cannot overflow (tanh is ±1 to float precision beyond |u| = 10).</summary>
    static Vector512<float> Tanh(Vector512<float> u)
    {
        var clamped = Vector512.Min(Vector512.Max(u, Vector512.Create(-10f)), Vector512.Create(10f));
        var e = Vector512.Exp(clamped + clamped);
        return Vector512<float>.One - Vector512.Create(2f) / (e + Vector512<float>.One);
    }
}
