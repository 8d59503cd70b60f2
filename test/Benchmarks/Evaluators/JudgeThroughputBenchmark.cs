using Microsoft.ML.SemanticContext.Testing;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.ML.SemanticContext.Evaluators;
using Microsoft.ML.SemanticContext.Evaluators.Judge;

namespace Microsoft.ML.SemanticContext.Benchmarks.Evaluators;

/// <summary>
/// Judgments per second of <see cref="LlmJudgeEvaluator"/> (two-turn protocol, on-disk cache on, concurrency 8)
/// against the in-process loopback chat server, beside the transport floor: a bare HttpClient sending the same
/// two requests per judgment at the same concurrency. The ratio shows what the SDK, retries, parsing and cache cost.
/// Usage: judge-throughput [judgments=400] [concurrency=8]
/// </summary>
public sealed class JudgeThroughputBenchmark : IBenchmark
{
    public string Name => "judge-throughput";

    public string Description => "LLM judge judgments/s vs bare HttpClient on the loopback chat server (target >= 50/s at concurrency 8)";

    public int Run(string[] args)
    {
        var judgments = args.Length > 0 ? int.Parse(args[0]) : 400;
        var concurrency = args.Length > 1 ? int.Parse(args[1]) : 8;
        return RunAsync(judgments, concurrency).GetAwaiter().GetResult();
    }

    static async Task<int> RunAsync(int judgments, int concurrency)
    {
        await using var server = new LoopbackChatServer();
        var folder = Directory.CreateTempSubdirectory("sctok-judge-bench-").FullName;
        try
        {
            // Warm-up (JIT, connection pool) on samples the timed runs do not reuse.
            await JudgeAsync(server, Samples("warm", 32), concurrency, Path.Combine(folder, "warm.jsonl"));
            await BareAsync(server, Samples("warm", 32), concurrency);

            var requestsBefore = server.RequestCount;
            var ours = Stopwatch.StartNew();
            var batch = await JudgeAsync(server, Samples("timed", judgments), concurrency, Path.Combine(folder, "cache.jsonl"));
            ours.Stop();
            if (batch.Graded != judgments) throw new InvalidOperationException($"Only {batch.Graded} of {judgments} judgments were graded.");
            var requests = server.RequestCount - requestsBefore;

            var noCache = Stopwatch.StartNew();
            await JudgeAsync(server, Samples("nocache", judgments), concurrency, cachePath: null);
            noCache.Stop();

            var bare = Stopwatch.StartNew();
            await BareAsync(server, Samples("bare", judgments), concurrency);
            bare.Stop();

            var oursRate = judgments / ours.Elapsed.TotalSeconds;
            var noCacheRate = judgments / noCache.Elapsed.TotalSeconds;
            var bareRate = judgments / bare.Elapsed.TotalSeconds;
            Console.WriteLine($"judge-throughput: {judgments} judgments ({requests} requests), concurrency {concurrency}, max in flight seen {server.MaxInFlight}");
            Console.WriteLine($"  LlmJudgeEvaluator (cache on): {oursRate,8:0.0} judgments/s  ({ours.Elapsed.TotalSeconds:0.000} s)");
            Console.WriteLine($"  LlmJudgeEvaluator (no cache): {noCacheRate,8:0.0} judgments/s  ({noCache.Elapsed.TotalSeconds:0.000} s)");
            Console.WriteLine($"  bare HttpClient (peer)      : {bareRate,8:0.0} judgments/s  ({bare.Elapsed.TotalSeconds:0.000} s)");
            Console.WriteLine($"  ratio ours/peer             : {oursRate / bareRate,8:0.00}");
            Console.WriteLine($"  target >= 50 judgments/s    : {(oursRate >= 50 ? "met" : "NOT met")}");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    static List<StorySample> Samples(string tag, int count) => Enumerable.Range(0, count)
        .Select(i => new StorySample($"{tag}{i}", $"Once upon a time, a girl named Lily{i} found a shiny {tag} stone. She",
            $" picked it up and showed it to her mom. Her mom smiled and said it was magic number {i}."))
        .ToList();

    static async Task<JudgeBatchResult> JudgeAsync(LoopbackChatServer server, List<StorySample> samples, int concurrency, string? cachePath)
    {
        using var judge = new LlmJudgeEvaluator(new LlmJudgeOptions
        {
            Endpoint = server.BaseUrl, ApiKey = "sk-benchmark", Model = "loopback-judge", MaxConcurrency = concurrency, CachePath = cachePath,
        });
        return await judge.EvaluateAsync(samples);
    }

    static async Task BareAsync(LoopbackChatServer server, List<StorySample> samples, int concurrency)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        using var slots = new SemaphoreSlim(concurrency);
        await Task.WhenAll(samples.Select(async s =>
        {
            await slots.WaitAsync();
            try
            {
                var first = TinyStoriesRubric.AssessmentRequest(s.Prompt, s.Completion);
                var assessment = await PostAsync(http, [new("user", first)]);
                await PostAsync(http, [new("user", first), new("assistant", assessment), new("user", TinyStoriesRubric.GradeRequest)]);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    sealed record Message(string role, string content);

    static async Task<string> PostAsync(HttpClient http, Message[] messages)
    {
        using var response = await http.PostAsJsonAsync("chat/completions", new { model = "loopback-judge", messages, temperature = 0, max_completion_tokens = 512 });
        response.EnsureSuccessStatusCode();
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }
}
