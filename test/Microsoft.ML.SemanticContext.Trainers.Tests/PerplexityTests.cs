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
        Assert.Equal(7, result.CountedTokens);
        Assert.Equal(Math.Exp(loss), result.Perplexity, 1e-4);
    }

    [Fact]
    public void ExcludedTokensAreReadButNotCounted()
    {
        var model = GptNeoModel.CreateRandom(TinyModels.Config(), seed: 8);
        var text = new[] { 20, 3, 9, 4, 21, 1, 1, 7 };  // 20 and 21 play the cluster tokens
        var excluded = new HashSet<int> { 20, 21 };
        var result = Perplexity.Compute(model, new[] { text }, Eot, excluded);
        Assert.Equal((7L, 2L), (result.CountedTokens, result.ExcludedTokens));
        var sequence = new[] { Eot }.Concat(text).Append(Eot).ToArray();
        var targets = sequence[1..].Select(t => excluded.Contains(t) ? -1 : t).ToArray();
        Assert.Equal(Math.Exp(model.Loss(sequence[..^1], targets, 1, targets.Length)), result.Perplexity, 1e-4);
        Assert.NotEqual(Perplexity.Compute(model, new[] { text }, Eot).Perplexity, result.Perplexity, 3);
    }

    [Fact]
    public void BatchingPaddingAndWindowsDoNotChangeTheResultBeyondRounding()
    {
        var model = GptNeoModel.CreateRandom(TinyModels.Config(), seed: 8);
        var texts = Enumerable.Range(0, 7).Select(i => TinyModels.RandomTokens(3 + 5 * i, 21, seed: i)).ToArray();
        var one = Perplexity.Compute(model, texts, Eot, batchSize: 1);
        var many = Perplexity.Compute(model, texts, Eot, batchSize: 3);
        Assert.Equal(one.Perplexity, many.Perplexity, 1e-4);
        Assert.Equal(texts.Sum(t => t.Length + 1), one.CountedTokens);
        var windowed = Perplexity.Compute(model, texts, Eot, batchSize: 3, windowLength: 8);
        Assert.Equal(one.CountedTokens, windowed.CountedTokens);
    }
}
