using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>The whole model's backward pass against central finite differences of its own loss, with the LM head tied to wte and with a head of its own.</summary>
public class GradientCheckTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AnalyticGradientMatchesFiniteDifferencesForEveryTensor(bool tiedHead)
    {
        var config = TinyModels.Config() with { TieWordEmbeddings = tiedHead };
        var model = GptNeoModel.CreateRandom(config, seed: 3);
        // Larger weights than the N(0, 0.02) init, so every path carries a gradient well above float32 noise.
        var random = new DeterministicRandom(4);
        for (int i = 0; i < model.Parameters.Length; i++) model.Parameters[i] += (float)(0.2 * random.NextGaussian());
        const int B = 2, T = 6;
        var tokens = TinyModels.RandomTokens(B * T + 1, config.VocabularySize, seed: 5);
        var inputs = tokens[..(B * T)];
        var targets = tokens[1..];
        model.ZeroGradients();
        model.ForwardBackward(inputs, targets, B, T);
        var analytic = (float[])model.Gradients.Clone();

        foreach (var t in model.Layout.Tensors)
        {
            // Check the entry with the largest gradient and two random ones in every tensor.
            var slice = analytic.AsSpan((int)t.Offset, (int)t.Size);
            int largest = 0;
            for (int i = 1; i < slice.Length; i++) if (Math.Abs(slice[i]) > Math.Abs(slice[largest])) largest = i;
            foreach (int local in new[] { largest, random.NextInt(slice.Length), random.NextInt(slice.Length) })
            {
                int index = (int)t.Offset + local;
                float saved = model.Parameters[index];
                const float h = 1e-2f;
                model.Parameters[index] = saved + h;
                double plus = model.Loss(inputs, targets, B, T);
                model.Parameters[index] = saved - h;
                double minus = model.Loss(inputs, targets, B, T);
                model.Parameters[index] = saved;
                double numeric = (plus - minus) / (2 * h);
                double error = Math.Abs(numeric - analytic[index]);
                Assert.True(error <= 2e-3 + 0.03 * Math.Abs(numeric),
                    $"{t.Name}[{local}]: analytic {analytic[index]}, numeric {numeric}");
            }
        }
    }
}
