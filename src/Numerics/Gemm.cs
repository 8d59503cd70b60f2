namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>Whether a matrix operand of <see cref="Gemm.Sgemm"/> is used as stored or transposed.</summary>
public enum Transpose { No, Yes }

/// <summary>
/// Single-precision general matrix multiply over row-major spans, the one primitive every dense layer is built on.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// C[m,n] = alpha · op(A)[m,k] · op(B)[k,n] + beta · C[m,n], all row-major.
    /// op(A) is A[m,k] (lda ≥ k) when <paramref name="transA"/> is No, else Aᵀ of A[k,m] (lda ≥ m);
    /// likewise op(B) is B[k,n] (ldb ≥ n) or Bᵀ of B[n,k] (ldb ≥ k). When beta is 0, C is overwritten (NaNs in C are ignored).
    /// </summary>
    public static void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        // Reference implementation; a blocked, vectorised kernel replaces it behind this same signature.
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA == Transpose.No ? a[i * lda + p] : a[p * lda + i];
                    float bv = transB == Transpose.No ? b[p * ldb + j] : b[j * ldb + p];
                    sum += av * bv;
                }
                float prior = beta == 0 ? 0 : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum) + prior;
            }
        }
    }
}
