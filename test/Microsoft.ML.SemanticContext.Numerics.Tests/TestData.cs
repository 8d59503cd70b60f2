using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

/// <summary>Seeded random inputs, double conversions and tolerance assertions shared by the kernel tests.</summary>
internal static class TestData
{
    public static float[] Floats(int seed, int count, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        return values;
    }

    public static int[] Ints(int seed, int count, int exclusiveMax)
    {
        var random = new Random(seed);
        var values = new int[count];
        for (int i = 0; i < count; i++) values[i] = random.Next(exclusiveMax);
        return values;
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    /// <summary>Asserts |actual − expected| ≤ absolute + relative·|expected| elementwise, naming the first failing index.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double absolute, double relative, string what)
    {
        Assert.True(expected.Length <= actual.Length, $"{what}: expected {expected.Length} values, got {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= absolute + relative * Math.Abs(expected[i])))
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (error {error:E2}).");
        }
    }

    /// <summary>
    /// ∂/∂x of Σ_i weights[i]·f(x)[i] by central differences, with f evaluated in double so that the
    /// difference quotient is exact to ~1e-9 and only the kernel under test contributes float error.
    /// </summary>
    public static double[] NumericalGradient(Func<double[], double[]> f, double[] x, double[] weights, double step = 1e-5)
    {
        var gradient = new double[x.Length];
        var probe = (double[])x.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            probe[i] = x[i] + step;
            double plus = Dot(f(probe), weights);
            probe[i] = x[i] - step;
            double minus = Dot(f(probe), weights);
            probe[i] = x[i];
            gradient[i] = (plus - minus) / (2 * step);
        }
        return gradient;
    }

    /// <summary>
    /// <see cref="NumericalGradient"/> at a seeded sample of <paramref name="count"/> coordinates only, for inputs too large to
    /// difference entirely; returns the sampled indices and their gradients.
    /// </summary>
    public static (int[] Indices, double[] Gradient) NumericalGradientSample(Func<double[], double[]> f, double[] x, double[] weights,
        int count, int seed, double step = 1e-5)
    {
        var indices = Ints(seed, count, x.Length);
        var gradient = new double[count];
        var probe = (double[])x.Clone();
        for (int s = 0; s < count; s++)
        {
            int i = indices[s];
            probe[i] = x[i] + step;
            double plus = Dot(f(probe), weights);
            probe[i] = x[i] - step;
            double minus = Dot(f(probe), weights);
            probe[i] = x[i];
            gradient[s] = (plus - minus) / (2 * step);
        }
        return (indices, gradient);
    }

    /// <summary>expected + prior: what an accumulating (+=) backward must produce when the gradient buffer started at prior.</summary>
    public static double[] PlusPrior(double[] expected, float[] prior)
    {
        var result = new double[expected.Length];
        for (int i = 0; i < expected.Length; i++) result[i] = expected[i] + prior[i];
        return result;
    }

    static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
