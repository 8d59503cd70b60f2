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

public class InferencePerplexityTests
{
    [Fact]
    public void InferenceBuffersGiveTheTrainingForwardsLossOnRealStories()
    {
        var file = Path.Combine(Testing.TestPaths.SharedData, "tinystories", "TinyStories-valid_prefix_1840.txt");
        var stories = File.ReadAllText(file).Split(Tokenizers.ByteLevelBpeTokenizer.EndOfTextToken).Skip(1).Take(12).Select(s => s.Trim()).ToList();
        var tokenizer = Tokenizers.ByteLevelBpeTokenizer.Train(stories, 300, [Tokenizers.ByteLevelBpeTokenizer.EndOfTextToken]);
        int eot = tokenizer.EndOfTextId;
        // 16 heads over long stories: the inference buffers hold fewer attention maps than a batch of 8 and fewer logit
        // rows than its tokens, so the grouped attention and the row-block head are both exercised.
        var config = GptNeoConfig.Alternating(tokenizer.VocabularySize, hiddenSize: 32, layers: 2, heads: 16, windowSize: 64, maxPositions: 1024);
        var model = GptNeoModel.CreateRandom(config, seed: 3);
        var texts = stories.Select(tokenizer.Encode).ToList();
        int longest = texts.Max(t => t.Length) + 1;
        var buffers = GptNeoActivations.ForInference(config, 8, longest);
        Assert.True(buffers.AttentionGroup < 8 && buffers.LogitRows < 8 * longest, $"group {buffers.AttentionGroup}, rows {buffers.LogitRows}, longest {longest}");

        double sum = 0;
        long count = 0;
        foreach (var text in texts)
        {
            var sequence = new[] { eot }.Concat(text).Append(eot).ToArray();
            var (s, c) = model.LossSum(sequence[..^1], sequence[1..], 1, sequence.Length - 1);
            sum += s;
            count += c;
        }
        var result = Perplexity.Compute(model, texts, eot, batchSize: 8);
        Assert.Equal(count, result.PlainTokens);
        Assert.Equal(sum / count, result.MeanNegativeLogLikelihood, 1e-5);
    }
}
