namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// The seam under the kernels where a device backend plugs in (DESIGN §6: CPU now, CUDA later). It holds the one
/// operation that carries nearly all of a transformer's floating-point work, the matrix product; the static kernels
/// (<see cref="Matmul"/>, and through it every dense layer and the LM head) reach it via <see cref="ComputeSettings.Current"/>.
/// Operands are host spans: a device backend copies or maps them, so the seam stays usable by the model code as is.
/// </summary>
public interface IComputeBackend
{
    /// <summary>Short name for logs and run reports, e.g. "cpu-avx512".</summary>
    string Name { get; }

    /// <summary>C[m,n] = alpha·op(A)·op(B) + beta·C over row-major spans; arguments already validated by <see cref="Gemm.Sgemm"/>.</summary>
    void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);
}
