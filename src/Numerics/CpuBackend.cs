using System.Runtime.Intrinsics;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>The in-process CPU backend: the packed, register-blocked SGEMM in <see cref="CpuGemm"/>, threaded by the current <see cref="ComputeSettings.Threads"/>.</summary>
public sealed class CpuBackend : IComputeBackend
{
    public static CpuBackend Instance { get; } = new();

    CpuBackend() { }

    public string Name => Vector512.IsHardwareAccelerated ? "cpu-avx512" : "cpu";

    public void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        CpuGemm.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
