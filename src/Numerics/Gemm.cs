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
    /// Runs on the current <see cref="ComputeSettings.Backend"/>.
    /// </summary>
    public static void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        Checks.NonNegative(m, nameof(m));
        Checks.NonNegative(n, nameof(n));
        Checks.NonNegative(k, nameof(k));
        CheckOperand(a, transA == Transpose.No ? m : k, transA == Transpose.No ? k : m, lda, nameof(a), nameof(lda));
        CheckOperand(b, transB == Transpose.No ? k : n, transB == Transpose.No ? n : k, ldb, nameof(b), nameof(ldb));
        CheckOperand(c, m, n, ldc, nameof(c), nameof(ldc));
        if (m == 0 || n == 0) return;
        ComputeSettings.Current.Backend.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>A stored [rows, columns] operand with row stride ld must have ld ≥ columns and hold (rows−1)·ld + columns floats.</summary>
    static void CheckOperand(ReadOnlySpan<float> span, int rows, int columns, int ld, string name, string ldName)
    {
        if (ld < Math.Max(1, columns))
            throw new ArgumentOutOfRangeException(ldName, ld, $"Leading dimension '{ldName}' = {ld} is smaller than the {columns} columns of '{name}'.");
        if (rows > 0 && columns > 0) Checks.Length(span, (long)(rows - 1) * ld + columns, name);
    }
}
