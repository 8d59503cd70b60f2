using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>The AdamW optimiser update with PyTorch's semantics (weight decay decoupled from the gradient, bias-corrected moments).</summary>
public static class AdamW
{
    const int Chunk = 16384;

    /// <summary>
    /// One update of every parameter: p ← p − lr·wd·p; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
    /// p ← p − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + eps).
    /// </summary>
    /// <param name="parameters">[N]</param>
    /// <param name="gradients">[N]</param>
    /// <param name="m">[N] first moment, starts at zero</param>
    /// <param name="v">[N] second moment, starts at zero</param>
    /// <param name="step">1-based step number t</param>
    public static void Step(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v,
        float learningRate, float beta1, float beta2, float eps, float weightDecay, int step)
    {
        if (step < 1) throw new ArgumentOutOfRangeException(nameof(step), step, "The AdamW step number is 1-based.");
        int n = parameters.Length;
        Checks.Length(gradients, n, nameof(gradients));
        Checks.Length(m, n, nameof(m));
        Checks.Length(v, n, nameof(v));
        float correction1 = 1f - MathF.Pow(beta1, step);
        float correction2 = 1f - MathF.Pow(beta2, step);
        float decay = 1f - learningRate * weightDecay;
        float stepSize = learningRate / correction1;
        float rootCorrection2 = MathF.Sqrt(correction2);
        unsafe
        {
            fixed (float* pPointer = parameters, gPointer = gradients, mPointer = m, vPointer = v)
            {
                float* p = pPointer, g = gPointer, m1 = mPointer, m2 = vPointer;
                int chunks = (n + Chunk - 1) / Chunk;
                int parts = Parallelism.PartsFor(chunks, Chunk * 12L);
                Parallelism.For(parts, part =>
                {
                    var (start, end) = Parallelism.Range(chunks, parts, part);
                    UpdateRange(p, g, m1, m2, start * Chunk, Math.Min(n, end * Chunk), beta1, beta2, eps, decay, stepSize, rootCorrection2);
                });
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void UpdateRange(float* p, float* g, float* m1, float* m2, int i, int to,
        float beta1, float beta2, float eps, float decay, float stepSize, float rootCorrection2)
    {
        // Same arithmetic in both loops: p·decay, then p −= stepSize·m / (√v/√c₂ + eps), as torch.optim.AdamW does.
        for (; i + Vector512<float>.Count <= to; i += Vector512<float>.Count)
        {
            var gi = Vector512.Load(g + i);
            var mi = beta1 * Vector512.Load(m1 + i) + (1f - beta1) * gi;
            var vi = beta2 * Vector512.Load(m2 + i) + (1f - beta2) * gi * gi;
            var denominator = Vector512.Sqrt(vi) / rootCorrection2 + Vector512.Create(eps);
            var pi = Vector512.Load(p + i) * decay - stepSize * mi / denominator;
            mi.Store(m1 + i);
            vi.Store(m2 + i);
            pi.Store(p + i);
        }
        for (; i < to; i++)
        {
            float gi = g[i];
            float mi = beta1 * m1[i] + (1f - beta1) * gi;
            float vi = beta2 * m2[i] + (1f - beta2) * gi * gi;
            float denominator = MathF.Sqrt(vi) / rootCorrection2 + eps;
            m1[i] = mi;
            m2[i] = vi;
            p[i] = p[i] * decay - stepSize * mi / denominator;
        }
    }
}
