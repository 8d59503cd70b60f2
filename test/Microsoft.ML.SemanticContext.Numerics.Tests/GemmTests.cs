using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

public class GemmTests
{
    public static TheoryData<Transpose, Transpose, int, int, int> Shapes()
    {
        var data = new TheoryData<Transpose, Transpose, int, int, int>();
        // Odd sizes straddle every micro-tile and cache-block edge, including the k blocking of both paths: packed A
        // (more than 128 columns and k > 128; k blocks of 256) and A read in place (otherwise; k blocks of 1024 when
        // there are at most 128 columns).
        // m ≤ 16 takes the few-rows path when B is transposed; 1 is the degenerate edge.
        var sizes = new (int M, int N, int K)[]
        {
            (1, 1, 1), (1, 70, 130), (7, 13, 5), (5, 70, 83), (33, 17, 65), (64, 50, 300), (97, 131, 29), (15, 200, 64), (40, 150, 530), (13, 40, 1500),
        };
        foreach (var transA in new[] { Transpose.No, Transpose.Yes })
            foreach (var transB in new[] { Transpose.No, Transpose.Yes })
                foreach (var (m, n, k) in sizes) data.Add(transA, transB, m, n, k);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesReferenceWithPaddedLeadingDimensionsAlphaAndBeta(Transpose transA, Transpose transB, int m, int n, int k)
    {
        // Leading dimensions larger than the logical width: the kernel must skip the padding, not read it.
        int lda = (transA == Transpose.No ? k : m) + 3;
        int ldb = (transB == Transpose.No ? n : k) + 5;
        int ldc = n + 2;
        var a = TestData.Floats(1, (transA == Transpose.No ? m : k) * lda);
        var b = TestData.Floats(2, (transB == Transpose.No ? k : n) * ldb);
        var c = TestData.Floats(3, m * ldc);
        var expected = Reference.Sgemm(transA, transB, m, n, k, 0.75, a, lda, b, ldb, -0.5, c, ldc);

        Gemm.Sgemm(transA, transB, m, n, k, 0.75f, a, lda, b, ldb, -0.5f, c, ldc);

        TestData.AssertClose(expected, c, 1e-5 * k, 1e-5, "C");
    }

    [Fact]
    public void BetaZeroOverwritesNaNsInC()
    {
        const int m = 9, n = 35, k = 11;
        var a = TestData.Floats(4, m * k);
        var b = TestData.Floats(5, k * n);
        var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
        var expected = Reference.Sgemm(Transpose.No, Transpose.No, m, n, k, 2, a, k, b, n, 0, new float[m * n], n);

        Gemm.Sgemm(Transpose.No, Transpose.No, m, n, k, 2f, a, k, b, n, 0f, c, n);

        TestData.AssertClose(expected, c, 1e-4, 1e-5, "C");
    }

    [Fact]
    public void KZeroScalesCByBeta()
    {
        var c = new float[] { 1, 2, 3, 4 };

        Gemm.Sgemm(Transpose.No, Transpose.No, 2, 2, 0, 1f, ReadOnlySpan<float>.Empty, 1, ReadOnlySpan<float>.Empty, 2, 3f, c, 2);

        Assert.Equal(new float[] { 3, 6, 9, 12 }, c);
    }

    [Fact]
    public void LanguageModelHeadShapesMatchReference()
    {
        // The skinny products of a tied LM head (k = 64 forward, n = 64 backward) on a reduced vocabulary.
        const int rows = 37, channels = 64, vocabulary = 1003;
        var x = TestData.Floats(6, rows * channels);
        var w = TestData.Floats(7, vocabulary * channels);
        var logits = new float[rows * vocabulary];
        Gemm.Sgemm(Transpose.No, Transpose.Yes, rows, vocabulary, channels, 1f, x, channels, w, channels, 0f, logits, vocabulary);
        TestData.AssertClose(Reference.Sgemm(Transpose.No, Transpose.Yes, rows, vocabulary, channels, 1, x, channels, w, channels, 0, new float[rows * vocabulary], vocabulary),
            logits, 1e-4, 1e-5, "logits");

        var dx = TestData.Floats(8, rows * channels);
        var expectedDx = Reference.Sgemm(Transpose.No, Transpose.No, rows, channels, vocabulary, 1, logits, vocabulary, w, channels, 1, dx, channels);
        Gemm.Sgemm(Transpose.No, Transpose.No, rows, channels, vocabulary, 1f, logits, vocabulary, w, channels, 1f, dx, channels);
        TestData.AssertClose(expectedDx, dx, 2e-3, 1e-4, "dx");

        var dw = TestData.Floats(9, vocabulary * channels);
        var expectedDw = Reference.Sgemm(Transpose.Yes, Transpose.No, vocabulary, channels, rows, 1, logits, vocabulary, x, channels, 1, dw, channels);
        Gemm.Sgemm(Transpose.Yes, Transpose.No, vocabulary, channels, rows, 1f, logits, vocabulary, x, channels, 1f, dw, channels);
        TestData.AssertClose(expectedDw, dw, 1e-3, 1e-4, "dw");
    }

    [Fact]
    public void ResultDoesNotDependOnThreadCount()
    {
        // Packed A (n, k > 128) with rows split between threads: the multi-threaded run packs each B block once, shared.
        const int m = 190, n = 170, k = 300;
        var a = TestData.Floats(10, m * k);
        var b = TestData.Floats(11, k * n);
        var single = new float[m * n];
        var multi = new float[m * n];
        using (new ComputeSettings(CpuBackend.Instance, 1).Enter())
            Gemm.Sgemm(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, single, n);
        using (new ComputeSettings(CpuBackend.Instance, 4).Enter())
            Gemm.Sgemm(Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, multi, n);
        Assert.Equal(single, multi);
        TestData.AssertClose(Reference.Sgemm(Transpose.No, Transpose.No, m, n, k, 1, a, k, b, n, 0, new float[m * n], n), multi, 1e-4, 1e-5, "C");
    }

    [Fact]
    public void TooShortBufferNamesTheOperand()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Gemm.Sgemm(Transpose.No, Transpose.No, 4, 4, 4, 1f, new float[16], 4, new float[15], 4, 0f, new float[16], 4));
        Assert.Contains("'b'", error.Message);
    }
}
