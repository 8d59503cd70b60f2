using System.Collections.Concurrent;
using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using Microsoft.ML.SemanticContext.Evaluators.Tests.Judge;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests;

public sealed class CatalogTests
{
    sealed class Collect<T>(ConcurrentQueue<T> into) : IProgress<T>
    {
        public void Report(T value) => into.Enqueue(value);
    }

    [Fact]
    public async Task TheJudgeFromTheCatalogReportsProgressAndLogsWithoutTheKey()
    {
        await using var server = new LoopbackChatServer();
        var ml = new MLContext(seed: 1);
        var progress = new ConcurrentQueue<ProgressEvent>();
        var log = new ConcurrentQueue<string>();
        ml.Progress = new Collect<ProgressEvent>(progress);
        ml.Log += (_, e) => log.Enqueue(e.RawMessage);

        using var judge = ml.TextGeneration.Evaluators.LlmJudge(new LlmJudgeOptions { Endpoint = server.BaseUrl, ApiKey = JudgeTestKit.SecretKey });
        var batch = await judge.EvaluateAsync(JudgeTestKit.Samples(4));

        Assert.Equal(4, batch.Graded);
        Assert.Equal(4, progress.Count(p => p.Stage == "judge"));
        Assert.Contains(progress, p => p.Done == 4 && p.Total == 4);
        Assert.Contains(log, l => l.Contains("4 graded, 0 unparseable"));
        Assert.All(log, l => Assert.DoesNotContain(JudgeTestKit.SecretKey, l));
    }

    [Fact]
    public void WithoutAKeyInTheEnvironmentTheErrorNamesTheVariable()
    {
        // The catalog reads the process environment; the same constructor path, with an environment that has no key.
        var error = Assert.Throws<InvalidInputException>(() => new LlmJudgeEvaluator(new LlmJudgeOptions(), _ => null, (_, _) => Task.CompletedTask));
        Assert.Contains("OPENAI_API_KEY", error.Message);
    }

    [Fact]
    public void ComparisonsAreSeededFromTheContext()
    {
        IReadOnlyList<PromptScore> Scores(params double[] values) => values.Select((v, i) => new PromptScore($"p{i % 3}", v)).ToList();
        var scores = new Dictionary<string, IReadOnlyList<PromptScore>> { ["vanilla"] = Scores(6, 7, 7, 8, 6, 7), ["k5"] = Scores(7, 8, 7, 9, 8, 7) };
        var a = new MLContext(seed: 3).TextGeneration.Evaluators.CompareWithBaseline("vanilla", scores, "overall");
        var b = new MLContext(seed: 3).TextGeneration.Evaluators.CompareWithBaseline("vanilla", scores, "overall");
        Assert.Equal(a[0].Bootstrap, b[0].Bootstrap);
        Assert.Equal(a[0].Test, b[0].Test);
    }

    [Fact]
    public void OfflineMetricsFromTheCatalogUseThePassedEmbedder()
    {
        var evaluator = new MLContext(seed: 1).TextGeneration.Evaluators.OfflineMetrics(new DelegateTextEmbedder("ones", _ => [1f, 1f]));
        var results = evaluator.Evaluate(new Dictionary<string, IReadOnlyList<StorySample>> { ["m"] = [new("a", "Tom ran.", " He stopped.")] });
        Assert.Equal("ones", results[0].Embedder);
    }
}
