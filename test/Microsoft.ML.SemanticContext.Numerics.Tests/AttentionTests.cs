using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

public class AttentionTests
{
    const int B = 2, T = 7, C = 12, NH = 3;

    public static TheoryData<int> Windows() => new() { 3, 1, int.MaxValue };

    [Theory]
    [MemberData(nameof(Windows))]
    public void ForwardMatchesReference(int window)
    {
        var (q, k, v) = Inputs(1);
        var output = new float[B * T * C];
        var att = Enumerable.Repeat(float.NaN, B * NH * T * T).ToArray();

        Attention.Forward(output, att, q, k, v, B, T, C, NH, window);

        var (expectedOutput, expectedAtt) = Reference.Attention(TestData.ToDouble(q), TestData.ToDouble(k), TestData.ToDouble(v), B, T, C, NH, window);
        TestData.AssertClose(expectedOutput, output, 1e-5, 1e-4, "output");
        TestData.AssertClose(expectedAtt, att, 1e-6, 1e-4, "att");
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void BackwardMatchesFiniteDifferencesAndAccumulates(int window)
    {
        var (q, k, v) = Inputs(2);
        var output = new float[B * T * C];
        var att = new float[B * NH * T * T];
        Attention.Forward(output, att, q, k, v, B, T, C, NH, window);
        var dout = TestData.Floats(20, B * T * C);
        var dq = TestData.Floats(21, B * T * C);
        var dk = TestData.Floats(22, B * T * C);
        var dv = TestData.Floats(23, B * T * C);
        var (dq0, dk0, dv0) = ((float[])dq.Clone(), (float[])dk.Clone(), (float[])dv.Clone());

        Attention.Backward(dq, dk, dv, dout, att, q, k, v, B, T, C, NH, window);

        double[] qd = TestData.ToDouble(q), kd = TestData.ToDouble(k), vd = TestData.ToDouble(v), weights = TestData.ToDouble(dout);
        var expectedDq = TestData.NumericalGradient(p => Reference.Attention(p, kd, vd, B, T, C, NH, window).Output, qd, weights);
        var expectedDk = TestData.NumericalGradient(p => Reference.Attention(qd, p, vd, B, T, C, NH, window).Output, kd, weights);
        var expectedDv = TestData.NumericalGradient(p => Reference.Attention(qd, kd, p, B, T, C, NH, window).Output, vd, weights);
        TestData.AssertClose(TestData.PlusPrior(expectedDq, dq0), dq, 1e-4, 1e-3, "dq");
        TestData.AssertClose(TestData.PlusPrior(expectedDk, dk0), dk, 1e-4, 1e-3, "dk");
        TestData.AssertClose(TestData.PlusPrior(expectedDv, dv0), dv, 1e-4, 1e-3, "dv");
    }

    [Theory]
    [MemberData(nameof(Windows))]
    public void CachedStepMatchesTheFullPassAtEveryPosition(int window)
    {
        const int MaxT = 9;
        var (q, k, v) = Inputs(3);
        var output = new float[B * T * C];
        Attention.Forward(output, new float[B * NH * T * T], q, k, v, B, T, C, NH, window);
        // The cache holds positions 0..T-1 of k and v in a [B, MaxT, C] layout; later slots are garbage that must not be read.
        var kCache = Enumerable.Repeat(float.NaN, B * MaxT * C).ToArray();
        var vCache = Enumerable.Repeat(float.NaN, B * MaxT * C).ToArray();
        for (int b = 0; b < B; b++)
        {
            Array.Copy(k, b * T * C, kCache, b * MaxT * C, T * C);
            Array.Copy(v, b * T * C, vCache, b * MaxT * C, T * C);
        }

        for (int pos = 0; pos < T; pos++)
        {
            var qStep = new float[B * C];
            for (int b = 0; b < B; b++) Array.Copy(q, (b * T + pos) * C, qStep, b * C, C);
            var step = new float[B * C];

            Attention.ForwardCached(step, qStep, kCache, vCache, B, pos, MaxT, C, NH, window);

            for (int b = 0; b < B; b++)
            {
                var expected = TestData.ToDouble(output.AsSpan((b * T + pos) * C, C));
                TestData.AssertClose(expected, step.AsSpan(b * C, C), 1e-5, 1e-4, $"position {pos} batch {b}");
            }
        }
    }

    [Theory]
    [InlineData(37, 10, 2, 20)]
    [InlineData(37, 10, 2, int.MaxValue)]
    [InlineData(19, 32, 2, 7)]
    [InlineData(19, 32, 2, int.MaxValue)]
    public void LongerSequencesAndLargerHeadsMatchFiniteDifferences(int sequence, int channels, int heads, int window)
    {
        // T = 37 with hs = 5: the row path's 16-lane steps plus a scalar tail; hs = 16: the matrix-product path.
        int n = sequence * channels;
        float[] q = TestData.Floats(70, n, 1.5f), k = TestData.Floats(71, n, 1.5f), v = TestData.Floats(72, n);
        var output = new float[n];
        var att = new float[heads * sequence * sequence];
        Attention.Forward(output, att, q, k, v, 1, sequence, channels, heads, window);
        double[] qd = TestData.ToDouble(q), kd = TestData.ToDouble(k), vd = TestData.ToDouble(v);
        var (expectedOutput, expectedAtt) = Reference.Attention(qd, kd, vd, 1, sequence, channels, heads, window);
        TestData.AssertClose(expectedOutput, output, 1e-5, 1e-4, "output");
        TestData.AssertClose(expectedAtt, att, 1e-6, 1e-4, "att");

        var dout = TestData.Floats(73, n);
        float[] dq = new float[n], dk = new float[n], dv = new float[n];
        Attention.Backward(dq, dk, dv, dout, att, q, k, v, 1, sequence, channels, heads, window);

        var weights = TestData.ToDouble(dout);
        TestData.AssertClose(TestData.NumericalGradient(p => Reference.Attention(p, kd, vd, 1, sequence, channels, heads, window).Output, qd, weights), dq, 1e-4, 1e-3, "dq");
        TestData.AssertClose(TestData.NumericalGradient(p => Reference.Attention(qd, p, vd, 1, sequence, channels, heads, window).Output, kd, weights), dk, 1e-4, 1e-3, "dk");
        TestData.AssertClose(TestData.NumericalGradient(p => Reference.Attention(qd, kd, p, 1, sequence, channels, heads, window).Output, vd, weights), dv, 1e-4, 1e-3, "dv");
    }

    [Theory]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(int.MaxValue)]
    public void QueryBlocksOfTheMatrixProductPathMatchSampledFiniteDifferences(int window)
    {
        // T = 70 spans two 64-query blocks; window 7 starts the second block's keys past 0. hs = 16 (C = 32, NH = 2).
        const int sequence = 70, channels = 32, heads = 2;
        int n = sequence * channels;
        float[] q = TestData.Floats(80, n, 0.7f), k = TestData.Floats(81, n, 0.7f), v = TestData.Floats(82, n);
        var output = new float[n];
        var att = Enumerable.Repeat(float.NaN, heads * sequence * sequence).ToArray();
        Attention.Forward(output, att, q, k, v, 1, sequence, channels, heads, window);
        double[] qd = TestData.ToDouble(q), kd = TestData.ToDouble(k), vd = TestData.ToDouble(v);
        var (expectedOutput, expectedAtt) = Reference.Attention(qd, kd, vd, 1, sequence, channels, heads, window);
        TestData.AssertClose(expectedOutput, output, 1e-5, 1e-4, "output");
        TestData.AssertClose(expectedAtt, att, 1e-6, 1e-4, "att");

        var dout = TestData.Floats(83, n);
        float[] dq = new float[n], dk = new float[n], dv = new float[n];
        Attention.Backward(dq, dk, dv, dout, att, q, k, v, 1, sequence, channels, heads, window);

        var weights = TestData.ToDouble(dout);
        AssertSampled(p => Reference.Attention(p, kd, vd, 1, sequence, channels, heads, window).Output, qd, weights, dq, "dq", 1);
        AssertSampled(p => Reference.Attention(qd, p, vd, 1, sequence, channels, heads, window).Output, kd, weights, dk, "dk", 2);
        AssertSampled(p => Reference.Attention(qd, kd, p, 1, sequence, channels, heads, window).Output, vd, weights, dv, "dv", 3);
    }

    static void AssertSampled(Func<double[], double[]> f, double[] x, double[] weights, float[] actual, string what, int seed)
    {
        var (indices, expected) = TestData.NumericalGradientSample(f, x, weights, 40, seed);
        TestData.AssertClose(expected, indices.Select(i => actual[i]).ToArray(), 1e-4, 1e-3, what);
    }

    [Fact]
    public void LargeUnscaledScoresStayFinite()
    {
        // GPT-Neo does not divide scores by √hs: scores of several hundred must not overflow exp.
        var (q, k, v) = Inputs(4);
        for (int i = 0; i < q.Length; i++) q[i] *= 150f;
        var output = new float[B * T * C];
        var att = new float[B * NH * T * T];
        var step = new float[B * C];

        Attention.Forward(output, att, q, k, v, B, T, C, NH, int.MaxValue);
        Attention.ForwardCached(step, q.AsSpan(0, B * C).ToArray(), k, v, 1, 0, T, C, NH, int.MaxValue);

        var (expectedOutput, _) = Reference.Attention(TestData.ToDouble(q), TestData.ToDouble(k), TestData.ToDouble(v), B, T, C, NH, int.MaxValue);
        TestData.AssertClose(expectedOutput, output, 1e-4, 1e-3, "output");
        Assert.All(step, x => Assert.True(float.IsFinite(x)));
    }

    /// <summary>Small heads (row path) and 32-channel heads over more queries than one block (GEMM path), global and local.</summary>
    public static TheoryData<int, int, int, int, int> LastPositions() => new()
    {
        { 12, 3, 7, 3, 3 }, { 12, 3, 7, 7, int.MaxValue }, { 12, 3, 7, 1, 1 },
        { 64, 2, 90, 70, int.MaxValue }, { 64, 2, 90, 5, 16 },
    };

    [Theory]
    [MemberData(nameof(LastPositions))]
    public void ForwardLastGivesTheLastRowsOfTheFullPass(int channels, int heads, int positions, int last, int window)
    {
        const int Batch = 2;
        var q = TestData.Floats(40, Batch * positions * channels, 1.5f);
        var k = TestData.Floats(41, Batch * positions * channels, 1.5f);
        var v = TestData.Floats(42, Batch * positions * channels);
        var lastQ = new float[Batch * last * channels];
        for (int b = 0; b < Batch; b++) Array.Copy(q, (b * positions + positions - last) * channels, lastQ, b * last * channels, last * channels);
        var output = Enumerable.Repeat(float.NaN, Batch * last * channels).ToArray();

        Attention.ForwardLast(output, new float[Batch * heads * last * positions], lastQ, k, v, Batch, last, positions, channels, heads, window);

        var (expected, _) = Reference.Attention(TestData.ToDouble(q), TestData.ToDouble(k), TestData.ToDouble(v), Batch, positions, channels, heads, window);
        for (int b = 0; b < Batch; b++)
            TestData.AssertClose(expected.AsSpan((b * positions + positions - last) * channels, last * channels).ToArray(),
                output.AsSpan(b * last * channels, last * channels), 1e-5, 1e-4, $"sequence {b}");
    }

    [Fact]
    public void ChannelsNotDivisibleByHeadsAreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Attention.Forward(new float[70], new float[100], new float[70], new float[70], new float[70], 1, 7, 10, 3, 4));
        Assert.Contains("NH = 3", error.Message);
    }

    static (float[] Q, float[] K, float[] V) Inputs(int seed) =>
        (TestData.Floats(seed * 10, B * T * C, 1.5f), TestData.Floats(seed * 10 + 1, B * T * C, 1.5f), TestData.Floats(seed * 10 + 2, B * T * C));
}
