using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

public class ElementwiseTests
{
    // 16-lane vectors plus a scalar tail, and a size large enough to be split across threads.
    [Theory]
    [InlineData(37)]
    [InlineData(70001)]
    public void GeluForwardMatchesReference(int n)
    {
        var x = TestData.Floats(1, n, 6f);
        x[0] = 30f; // tanh saturates: the vector path must not overflow exp
        x[1] = -30f;
        var y = new float[n];

        Gelu.Forward(y, x, n);

        TestData.AssertClose(Reference.Gelu(TestData.ToDouble(x)), y, 1e-6, 1e-5, "gelu");
    }

    [Fact]
    public void GeluBackwardMatchesFiniteDifferencesAndAccumulates()
    {
        const int n = 53;
        var x = TestData.Floats(2, n, 4f);
        var dout = TestData.Floats(3, n);
        var dx = TestData.Floats(4, n);
        var dx0 = (float[])dx.Clone();

        Gelu.Backward(dx, x, dout, n);

        var expected = TestData.NumericalGradient(Reference.Gelu, TestData.ToDouble(x), TestData.ToDouble(dout));
        TestData.AssertClose(TestData.PlusPrior(expected, dx0), dx, 1e-5, 1e-4, "dinput");
    }

    [Fact]
    public void ResidualAddsElementwise()
    {
        var a = TestData.Floats(5, 19);
        var b = TestData.Floats(6, 19);
        var output = new float[19];

        Residual.Forward(output, a, b, 19);

        Assert.Equal(a.Zip(b, (x, y) => x + y), output);
    }

    [Fact]
    public void SumOfSquaresAccumulatesInDouble()
    {
        var x = TestData.Floats(7, 100003, 3f);
        double expected = x.Sum(v => (double)v * v);

        Assert.Equal(expected, VectorOps.SumOfSquares(x), expected * 1e-6);
    }

    [Fact]
    public void ScaleMultipliesInPlace()
    {
        var x = new float[] { 1, -2, 3.5f };

        VectorOps.Scale(x, 2f);

        Assert.Equal(new float[] { 2, -4, 7 }, x);
    }
}
