using System.Numerics.Tensors;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>The residual connection x + f(x). Its backward is the identity on both branches (callers add dout to both).</summary>
public static class Residual
{
    /// <summary>output[N] = a[N] + b[N].</summary>
    public static void Forward(Span<float> output, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int N)
    {
        Checks.Length(output, N, nameof(output));
        Checks.Length(a, N, nameof(a));
        Checks.Length(b, N, nameof(b));
        TensorPrimitives.Add(a[..N], b[..N], output[..N]);
    }
}
