using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

public class AdamWTests
{
    [Fact]
    public void ThreeStepsMatchTorchAdamWFormulas()
    {
        const int n = 45; // two vectors and a scalar tail
        const double lr = 1e-2, beta1 = 0.9, beta2 = 0.95, eps = 1e-8, weightDecay = 0.1;
        var parameters = TestData.Floats(1, n);
        var m = new float[n];
        var v = new float[n];
        var expectedP = TestData.ToDouble(parameters);
        var expectedM = new double[n];
        var expectedV = new double[n];

        for (int step = 1; step <= 3; step++)
        {
            var gradients = TestData.Floats(10 + step, n);
            AdamW.Step(parameters, gradients, m, v, (float)lr, (float)beta1, (float)beta2, (float)eps, (float)weightDecay, step);
            for (int i = 0; i < n; i++)
            {
                expectedP[i] *= 1 - lr * weightDecay;
                expectedM[i] = beta1 * expectedM[i] + (1 - beta1) * gradients[i];
                expectedV[i] = beta2 * expectedV[i] + (1 - beta2) * gradients[i] * gradients[i];
                double mHat = expectedM[i] / (1 - Math.Pow(beta1, step));
                double vHat = expectedV[i] / (1 - Math.Pow(beta2, step));
                expectedP[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        }

        TestData.AssertClose(expectedP, parameters, 1e-6, 1e-5, "parameters");
        TestData.AssertClose(expectedM, m, 1e-7, 1e-5, "m");
        TestData.AssertClose(expectedV, v, 1e-8, 1e-5, "v");
    }

    [Fact]
    public void StepZeroIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AdamW.Step(new float[1], new float[1], new float[1], new float[1], 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, 0));
    }
}
