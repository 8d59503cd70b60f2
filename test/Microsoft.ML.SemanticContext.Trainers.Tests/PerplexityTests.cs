using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

public class PerplexityTests
{
    const int Eot = 22;

    [Fact]
    public void PerplexityIsTheExponentOfTheMeanLossOverEachTextAndItsEnd()
    {
        var model = GptNeoModel.CreateRandom(TinyModels.Config(), seed: 8);
        var text = new[] { 3, 9, 4, 1, 1, 7 };
        var sequence = new[] { Eot }.Concat(text).Append(Eot).ToArray();
        float loss = model.Loss(sequence[..^1], sequence[1..], 1, sequence.Length - 1);
        var result = Perplexity.Compute(model, new[] { text }, Eot);
        Assert.Equal((7L, 0L, PlanCharge.None), (result.PlainTokens, result.PlanTokens, result.Charge));
        Assert.Equal(Math.Exp(loss), result.Perplexity, 1e-4);
    }

    [Fact]
    public void BatchingPaddingAndWindowsDoNotChangeTheResultBeyondRounding()
    {
        var model = GptNeoModel.CreateRandom(TinyModels.Config(), seed: 8);
        var texts = Enumerable.Range(0, 7).Select(i => TinyModels.RandomTokens(3 + 5 * i, 21, seed: i)).ToArray();
        var one = Perplexity.Compute(model, texts, Eot, batchSize: 1);
        var many = Perplexity.Compute(model, texts, Eot, batchSize: 3);
        Assert.Equal(one.Perplexity, many.Perplexity, 1e-4);
        Assert.Equal(texts.Sum(t => t.Length + 1), one.PlainTokens);
        var windowed = Perplexity.Compute(model, texts, Eot, batchSize: 3, windowLength: 8);
        Assert.Equal(one.PlainTokens, windowed.PlainTokens);
    }
}
