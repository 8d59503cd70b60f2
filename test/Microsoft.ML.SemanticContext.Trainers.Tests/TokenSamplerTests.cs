using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

public class TokenSamplerTests
{
    static readonly float[] Logits = { 0f, 2f, 1f, -1f, 2f };  // softmax ≈ .063 .467 .172 .023 .467 (ids 1 and 4 tie)

    static int[] Counts(SamplingOptions options, int draws = 20000)
    {
        var sampler = new TokenSampler(options, new DeterministicRandom(1));
        var counts = new int[Logits.Length];
        for (int i = 0; i < draws; i++) counts[sampler.Next(Logits)]++;
        return counts;
    }

    [Fact]
    public void UnfilteredSamplingFollowsTheSoftmax()
    {
        var counts = Counts(new SamplingOptions { Temperature = 1f, TopP = 1f });
        double total = Logits.Sum(l => Math.Exp(l));
        for (int i = 0; i < Logits.Length; i++)
            Assert.InRange(counts[i] / 20000.0 - Math.Exp(Logits[i]) / total, -0.015, 0.015);
    }

    [Fact]
    public void TopKKeepsOnlyTheKMostLikelyIds()
    {
        var counts = Counts(new SamplingOptions { TopK = 3, Temperature = 1f, TopP = 1f });
        Assert.Equal(0, counts[0] + counts[3]);
        Assert.True(counts[1] > 0 && counts[2] > 0 && counts[4] > 0);
    }

    [Fact]
    public void TopPKeepsTheSmallestSetReachingP()
    {
        // Ranked: 1 (.467), 4 (.467), 2 (.172)...: P = 0.5 needs ids 1 and 4 only.
        var counts = Counts(new SamplingOptions { TopP = 0.5f, Temperature = 1f });
        Assert.Equal(0, counts[0] + counts[2] + counts[3]);
        Assert.InRange(counts[1] / 20000.0, 0.48, 0.52);
    }

    [Fact]
    public void LowTemperatureConcentratesAndZeroIsGreedy()
    {
        Assert.Equal(20000, Counts(new SamplingOptions { Temperature = 0 })[1]);
        var cold = Counts(new SamplingOptions { Temperature = 0.05f });
        Assert.Equal(20000, cold[1] + cold[4]);
    }
}
