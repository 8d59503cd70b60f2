using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

public class LayerNormTests
{
    const int BT = 5;
    const float Eps = 1e-5f;

    // 12: scalar loop only; 37: two 16-lane steps and a tail.
    [Theory]
    [InlineData(12)]
    [InlineData(37)]
    public void ForwardMatchesReferenceAndSavesStatistics(int C)
    {
        var x = TestData.Floats(1, BT * C, 3f);
        for (int i = 0; i < C; i++) x[i] += 100f; // a large mean: the variance must not cancel
        var w = TestData.Floats(2, C);
        var b = TestData.Floats(3, C);
        var output = new float[BT * C];
        var mean = new float[BT];
        var rstd = new float[BT];

        LayerNorm.Forward(output, mean, rstd, x, w, b, BT, C, Eps);

        var expected = Reference.LayerNorm(TestData.ToDouble(x), TestData.ToDouble(w), TestData.ToDouble(b), BT, C, Eps);
        TestData.AssertClose(expected, output, 2e-5, 1e-5, "output");
        Assert.Equal(x.Take(C).Average(), mean[0], 3);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(37)]
    public void BackwardMatchesFiniteDifferencesAndAccumulates(int C)
    {
        var x = TestData.Floats(4, BT * C, 2f);
        var w = TestData.Floats(5, C);
        var b = TestData.Floats(6, C);
        var dout = TestData.Floats(7, BT * C);
        var output = new float[BT * C];
        var mean = new float[BT];
        var rstd = new float[BT];
        LayerNorm.Forward(output, mean, rstd, x, w, b, BT, C, Eps);
        var dx = TestData.Floats(8, BT * C);
        var dw = TestData.Floats(9, C);
        var db = TestData.Floats(10, C);
        var (dx0, dw0, db0) = ((float[])dx.Clone(), (float[])dw.Clone(), (float[])db.Clone());

        LayerNorm.Backward(dx, dw, db, dout, x, w, mean, rstd, BT, C);

        double[] xd = TestData.ToDouble(x), wd = TestData.ToDouble(w), bd = TestData.ToDouble(b), weights = TestData.ToDouble(dout);
        var expectedDx = TestData.NumericalGradient(p => Reference.LayerNorm(p, wd, bd, BT, C, Eps), xd, weights);
        var expectedDw = TestData.NumericalGradient(p => Reference.LayerNorm(xd, p, bd, BT, C, Eps), wd, weights);
        var expectedDb = TestData.NumericalGradient(p => Reference.LayerNorm(xd, wd, p, BT, C, Eps), bd, weights);
        TestData.AssertClose(TestData.PlusPrior(expectedDx, dx0), dx, 1e-4, 1e-3, "dinput");
        TestData.AssertClose(TestData.PlusPrior(expectedDw, dw0), dw, 1e-4, 1e-3, "dweight");
        TestData.AssertClose(TestData.PlusPrior(expectedDb, db0), db, 1e-4, 1e-3, "dbias");
    }
}
