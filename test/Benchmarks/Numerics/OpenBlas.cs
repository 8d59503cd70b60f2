using System.Runtime.InteropServices;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Benchmarks.Numerics;

/// <summary>The OpenBLAS peer (Debian's libopenblas0-pthread), called in-process through its CBLAS interface.</summary>
internal static unsafe partial class OpenBlas
{
    const string Library = "libopenblas.so.0";
    const int RowMajor = 101, NoTrans = 111, Trans = 112;

    public static bool IsAvailable => NativeLibrary.TryLoad(Library, out _);

    public static void SetThreads(int threads) => openblas_set_num_threads(threads);

    public static void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        fixed (float* ap = a, bp = b, cp = c)
            cblas_sgemm(RowMajor, transA == Transpose.No ? NoTrans : Trans, transB == Transpose.No ? NoTrans : Trans,
                m, n, k, alpha, ap, lda, bp, ldb, beta, cp, ldc);
    }

    [LibraryImport(Library)]
    private static partial void openblas_set_num_threads(int threads);

    [LibraryImport(Library)]
    private static partial void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);
}
