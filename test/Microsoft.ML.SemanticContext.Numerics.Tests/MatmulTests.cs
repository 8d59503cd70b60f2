using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

public class MatmulTests
{
    // (7, 12, 18): odd small shapes; (3, 5, 300): more output columns than one 256-column dbias block.
    [Theory]
    [InlineData(true, 7, 12, 18)]
    [InlineData(false, 7, 12, 18)]
    [InlineData(true, 3, 5, 300)]
    public void ForwardMatchesReference(bool withBias, int BT, int C, int OC)
    {
        var x = TestData.Floats(1, BT * C);
        var w = TestData.Floats(2, OC * C);
        var bias = withBias ? TestData.Floats(3, OC) : [];
        var output = Enumerable.Repeat(float.NaN, BT * OC).ToArray();

        Matmul.Forward(output, x, w, bias, BT, C, OC);

        var expected = Reference.Linear(TestData.ToDouble(x), TestData.ToDouble(w), TestData.ToDouble(bias), BT, C, OC);
        TestData.AssertClose(expected, output, 1e-5, 1e-5, "output");
    }

    [Theory]
    [InlineData(true, 7, 12, 18)]
    [InlineData(false, 7, 12, 18)]
    [InlineData(true, 3, 5, 300)]
    public void BackwardMatchesFiniteDifferencesAndAccumulates(bool withBias, int BT, int C, int OC)
    {
        var x = TestData.Floats(4, BT * C);
        var w = TestData.Floats(5, OC * C);
        var bias = withBias ? TestData.Floats(6, OC) : [];
        var dout = TestData.Floats(7, BT * OC);
        var dx = TestData.Floats(8, BT * C);
        var dw = TestData.Floats(9, OC * C);
        var db = withBias ? TestData.Floats(10, OC) : [];
        var (dx0, dw0, db0) = ((float[])dx.Clone(), (float[])dw.Clone(), (float[])db.Clone());

        Matmul.Backward(dx, dw, db, dout, x, w, BT, C, OC);

        double[] xd = TestData.ToDouble(x), wd = TestData.ToDouble(w), bd = TestData.ToDouble(bias), weights = TestData.ToDouble(dout);
        TestData.AssertClose(TestData.PlusPrior(TestData.NumericalGradient(p => Reference.Linear(p, wd, bd, BT, C, OC), xd, weights), dx0), dx, 1e-5, 1e-4, "dinput");
        TestData.AssertClose(TestData.PlusPrior(TestData.NumericalGradient(p => Reference.Linear(xd, p, bd, BT, C, OC), wd, weights), dw0), dw, 1e-5, 1e-4, "dweight");
        if (withBias)
            TestData.AssertClose(TestData.PlusPrior(TestData.NumericalGradient(p => Reference.Linear(xd, wd, p, BT, C, OC), bd, weights), db0), db, 1e-5, 1e-4, "dbias");
    }
}
