using Microsoft.ML.SemanticContext.Evaluators;
using System.Collections.Concurrent;
using Microsoft.ML.SemanticContext.Evaluators.Judge;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Judge;

/// <summary>Builds judges pointed at a loopback server, with an environment and a retry clock the test controls.</summary>
internal sealed class JudgeTestKit : IDisposable
{
    public const string SecretKey = "sk-test-DO-NOT-LEAK-7f3a9c";

    public string Folder { get; } = Directory.CreateTempSubdirectory("sctok-judge-").FullName;

    /// <summary>Every wait the evaluator asked for between retries (it does not actually sleep in tests).</summary>
    public ConcurrentBag<TimeSpan> RequestedDelays { get; } = [];

    public string CachePath => Path.Combine(Folder, "judge-cache.jsonl");

    public LlmJudgeEvaluator Judge(LoopbackChatServer server, Action<LlmJudgeOptions>? configure = null, bool useCache = true)
    {
        var options = new LlmJudgeOptions
        {
            Endpoint = server.BaseUrl,
            ApiKey = SecretKey,
            Model = "judge-test-model",
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            RequestTimeout = TimeSpan.FromSeconds(10),
            CachePath = useCache ? CachePath : null,
        };
        configure?.Invoke(options);
        return new LlmJudgeEvaluator(options, _ => null, (wait, _) => { RequestedDelays.Add(wait); return Task.CompletedTask; });
    }

    public static List<StorySample> Samples(int count) => Enumerable.Range(0, count)
        .Select(i => new StorySample($"s{i}", $"Once upon a time, a cat named Tom{i} found a red ball. He", $" kicked it over the fence number {i} and laughed."))
        .ToList();

    /// <summary>The grades the default loopback judge gives to <paramref name="sample"/>.</summary>
    public static JudgeGrades ExpectedGrades(StorySample sample)
    {
        var g = LoopbackChatServer.GradesFor(TinyStoriesRubric.AssessmentRequest(sample.Prompt, sample.Completion));
        return new JudgeGrades(g.Grammar, g.Creativity, g.Consistency, g.Plot);
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
