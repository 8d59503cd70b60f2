using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

public class EncoderTests
{
    const int B = 2, T = 7, C = 12, V = 5, MaxT = 9;

    [Fact]
    public void ForwardAddsTokenAndPositionRows()
    {
        var tokens = TestData.Ints(1, B * T, V);
        var wte = TestData.Floats(2, V * C);
        var wpe = TestData.Floats(3, MaxT * C);
        var output = new float[B * T * C];

        Encoder.Forward(output, tokens, wte, wpe, B, T, C);

        var expected = new double[B * T * C];
        for (int bt = 0; bt < B * T; bt++)
            for (int c = 0; c < C; c++) expected[bt * C + c] = (double)wte[tokens[bt] * C + c] + wpe[bt % T * C + c];
        TestData.AssertClose(expected, output, 1e-6, 0, "output");
    }

    [Fact]
    public void BackwardAccumulatesIntoRepeatedTokensAndPositions()
    {
        var tokens = new[] { 1, 1, 4, 0, 1, 2, 3, 4, 4, 4, 0, 0, 2, 1 };
        var dout = TestData.Floats(4, B * T * C);
        var dwte = TestData.Floats(5, V * C);
        var dwpe = TestData.Floats(6, MaxT * C);
        var expectedWte = TestData.ToDouble(dwte);
        var expectedWpe = TestData.ToDouble(dwpe);
        for (int bt = 0; bt < B * T; bt++)
            for (int c = 0; c < C; c++)
            {
                expectedWte[tokens[bt] * C + c] += dout[bt * C + c];
                expectedWpe[bt % T * C + c] += dout[bt * C + c];
            }

        Encoder.Backward(dwte, dwpe, dout, tokens, B, T, C);

        TestData.AssertClose(expectedWte, dwte, 1e-5, 0, "dwte");
        TestData.AssertClose(expectedWpe, dwpe, 1e-5, 0, "dwpe");
    }

    [Fact]
    public void TokenOutsideTheTableIsRejected()
    {
        var tokens = new int[B * T];
        tokens[5] = V;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Encoder.Forward(new float[B * T * C], tokens, new float[V * C], new float[MaxT * C], B, T, C));
        Assert.Contains("row 5", error.Message);
    }
}
