using System.Diagnostics;
using Microsoft.ML.SemanticContext.Evaluators;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Testing;

namespace Microsoft.ML.SemanticContext.Benchmarks.Evaluators;

/// <summary>
/// How long <see cref="LlmJudgeEvaluator"/> takes, at its default settings, to give up on a judge that is down: a loopback
/// server answering HTTP 500 to everything, and one that accepts requests and never answers. Prints the wall time until
/// the batch returns, the requests sent and the samples left unjudged (the experiment then writes its report).
/// Usage: judge-dead [samples=400]
/// </summary>
public sealed class JudgeDeadServerBenchmark : IBenchmark
{
    public string Name => "judge-dead";

    public string Description => "LLM judge against a server that always fails / never answers: time to give up at default settings (target < 60 s)";

    public int Run(string[] args)
    {
        var samples = Enumerable.Range(0, args.Length > 0 ? int.Parse(args[0]) : 400)
            .Select(i => new StorySample($"s{i}", $"Once upon a time, a dog named Max{i} found a stick. He", $" ran to the park number {i}."))
            .ToList();
        var failing = GiveUpAsync("always HTTP 500", _ => LoopbackReply.Error(500), samples).GetAwaiter().GetResult();
        var hanging = GiveUpAsync("never answers", _ => LoopbackReply.Chat("", delay: TimeSpan.FromHours(1)), samples).GetAwaiter().GetResult();
        Console.WriteLine($"  target < 60 s at default settings: {(Math.Max(failing, hanging) < 60 ? "met" : "NOT met")}");
        return 0;
    }

    static async Task<double> GiveUpAsync(string what, Func<LoopbackChatRequest, LoopbackReply> reply, List<StorySample> samples)
    {
        await using var server = new LoopbackChatServer(reply);
        using var judge = new LlmJudgeEvaluator(new LlmJudgeOptions { Endpoint = server.BaseUrl, ApiKey = "sk-benchmark" });
        var clock = Stopwatch.StartNew();
        var batch = await judge.EvaluateAsync(samples);
        clock.Stop();
        Console.WriteLine($"judge-dead: server {what}: gave up after {clock.Elapsed.TotalSeconds:0.00} s, {server.RequestCount} requests, "
            + $"{batch.Unjudged.Count} of {samples.Count} samples unjudged");
        Console.WriteLine($"  {batch.StopReason}");
        return clock.Elapsed.TotalSeconds;
    }
}
