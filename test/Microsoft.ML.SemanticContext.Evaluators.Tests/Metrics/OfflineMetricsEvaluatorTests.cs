using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Metrics;

public class OfflineMetricsEvaluatorTests
{
    static readonly IReadOnlyDictionary<string, IReadOnlyList<StorySample>> Samples = new Dictionary<string, IReadOnlyList<StorySample>>
    {
        ["vanilla"] =
        [
            new("v0", "There was a girl named Lily. She", " played and played and played and played and played."),
            new("v1", "A dog called Max saw a ball. He", " ran."),
        ],
        ["k5"] =
        [
            new("c0", "There was a girl named Lily. She", " found a shell. Lily smiled at the sea."),
            new("c1", "A dog called Max saw a ball. He", " chased the ball and Max was happy with the ball."),
        ],
    };

    [Fact]
    public void ComputesEveryMetricPerModelAndKeepsPerSampleValues()
    {
        var results = new OfflineMetricsEvaluator().Evaluate(Samples, new Dictionary<string, double> { ["k5"] = 12.5 });

        Assert.Equal(["vanilla", "k5"], results.Select(r => r.Model));
        var vanilla = results[0];
        var k5 = results[1];
        Assert.Null(vanilla.HeldOutPerplexity);
        Assert.Equal(12.5, k5.HeldOutPerplexity);

        // vanilla v0: "played and played and ... played" = 9 words, 6 four-grams, 4 repeats; v1 too short.
        Assert.Equal(4.0 / 6.0, vanilla.Samples[0].Repetition!.Value, 12);
        Assert.Null(vanilla.Samples[1].Repetition);
        Assert.Equal(1, vanilla.Repetition.Count);
        // vanilla uses 3 distinct words out of 10; k5 is far more varied.
        Assert.Equal(3.0 / 10.0, vanilla.Distinct1, 12);
        Assert.True(k5.Distinct1 > 0.6);
        // Names: k5 mentions Lily and Max again, vanilla mentions nobody.
        Assert.Equal(1.0, k5.NamesCarried.Mean, 12);
        Assert.Equal(0.0, vanilla.NamesCarried.Mean, 12);
        Assert.True(k5.PromptSimilarity.Mean > vanilla.PromptSimilarity.Mean);
        Assert.StartsWith("TF-IDF cosine (lexical proxy;", k5.Embedder);
    }

    [Fact]
    public void APassedEmbedderIsUsedAndNamed()
    {
        var constant = new DelegateTextEmbedder("constant", _ => [1f, 2f]);
        var results = new OfflineMetricsEvaluator(new OfflineMetricsOptions { Embedder = constant }).Evaluate(Samples);
        Assert.All(results, r => Assert.Equal(1.0, r.PromptSimilarity.Mean, 6));
        Assert.All(results, r => Assert.Equal("constant", r.Embedder));
    }

    [Fact]
    public void ANonsensePerplexityIsRejectedWithTheModelName()
    {
        var error = Assert.Throws<ArgumentException>(() => new OfflineMetricsEvaluator().Evaluate(Samples, new Dictionary<string, double> { ["k5"] = 0.5 }));
        Assert.Contains("'k5'", error.Message);
    }

    [Fact]
    public void EveryMetricIsDescribedForTheReport() =>
        Assert.Equal(7, OfflineMetricInfo.All.Select(m => m.Key).Distinct().Count());
}
