using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Numerics;
using Microsoft.ML.SemanticContext.Testing;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Benchmarks.Trainers;

/// <summary>
/// Wall time and peak resident memory of held-out perplexity for a plan-token model (best plan, greedy plan, oracle
/// diagnostic) against the same model scored as a vanilla model, with the plan search on inference buffers ("after")
/// and as it was before (<see cref="TrainingForwardPlanSearch"/>, "before"). The stories of the TinyStories validation
/// prefix (at most --stories), GPT-2 tokens, a plan slot before each story and after every second sentence end (the
/// default 2-sentence chunks), --plans plan ids after GPT-2's, random weights. Each variant runs in a process of its
/// own, so each peak RSS is that variant's alone (weights and tokenized stories included).
/// Usage: plan-perplexity [--model 1M|33M|cpu] [--stories 200] [--plans 5] [--batch 8] [--threads 2]
/// </summary>
public sealed class PlanPerplexityBenchmark : IBenchmark
{
    static readonly string[] Variants = ["vanilla", "before", "after"];

    public string Name => "plan-perplexity";
    public string Description => "Plan-token perplexity (best/greedy/oracle) vs vanilla scoring: wall time and peak RSS, search before and after inference buffers";

    public int Run(string[] args)
    {
        if (BenchmarkArgs.String(args, "--variant", "") is { Length: > 0 } variant) return RunVariant(variant, args);
        var results = Variants.ToDictionary(v => v, v => Child(v, args));
        var vanilla = results["vanilla"];
        Console.WriteLine(vanilla.GetProperty("setup").GetString());
        Console.WriteLine($"{"variant",-34} {"wall s",8} {"peak RSS GB",12} {"× vanilla wall",15} {"× vanilla RSS",14}  figures (mean NLL per plain-text token)");
        foreach (var (name, label) in new[] { ("vanilla", "vanilla scoring"), ("before", "plan figures, before (training fwd)"), ("after", "plan figures, after (inference)") })
        {
            var r = results[name];
            double wall = r.GetProperty("seconds").GetDouble(), rss = r.GetProperty("peak").GetDouble();
            Console.WriteLine($"{label,-34} {wall,8:F1} {rss / 1e9,12:F2} {wall / vanilla.GetProperty("seconds").GetDouble(),15:F2} {rss / vanilla.GetProperty("peak").GetDouble(),14:F2}  {r.GetProperty("figures").GetString()}");
        }
        double speedUp = results["before"].GetProperty("seconds").GetDouble() / results["after"].GetProperty("seconds").GetDouble();
        var before = results["before"].GetProperty("nll").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var after = results["after"].GetProperty("nll").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Console.WriteLine($"after vs before: {speedUp:F2}× faster; best-plan NLL differs by {Math.Abs(before[0] - after[0]):E1}, greedy-plan NLL by {Math.Abs(before[1] - after[1]):E1}");
        return 0;
    }

    /// <summary>Runs this benchmark for one variant in a new process and reads the JSON line it prints last.</summary>
    static JsonElement Child(string variant, string[] args)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(PlanPerplexityBenchmark).Assembly.Location);
        foreach (var a in (string[])["plan-perplexity", .. args, "--variant", variant]) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"The '{variant}' run failed with exit code {process.ExitCode}.");
        return JsonDocument.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last()).RootElement.Clone();
    }

    static int RunVariant(string variant, string[] args)
    {
        var modelName = BenchmarkArgs.String(args, "--model", "1M");
        int maxStories = BenchmarkArgs.Int(args, "--stories", 200), plans = BenchmarkArgs.Int(args, "--plans", 5);
        int batch = BenchmarkArgs.Int(args, "--batch", 8), threads = BenchmarkArgs.Int(args, "--threads", 2);
        using var compute = new ComputeSettings(CpuBackend.Instance, threads).Enter();
        var file = Path.Combine(RepoPaths.SharedData, "tinystories", "TinyStories-valid_prefix_1840.txt");
        var pieces = File.ReadAllText(file).Split(ByteLevelBpeTokenizer.EndOfTextToken);
        var stories = pieces.Take(pieces.Length - 1).Select(s => s.Trim()).Where(s => s.Length > 0).Take(maxStories).ToList();
        var tokenizer = Gpt2Data.LoadTokenizer();
        int eot = tokenizer.EndOfTextId, gpt2 = tokenizer.VocabularySize;
        var planIds = Enumerable.Range(gpt2, plans).ToArray();
        var config = GptNeoBenchmarkShapes.Resolve(modelName) with { VocabularySize = gpt2 + plans };
        var texts = stories.Select(s => Slotted(tokenizer, tokenizer.Encode(s))).ToList();
        var model = GptNeoModel.CreateRandom(config, seed: 1);
        long plain = texts.Sum(t => t.Plain.Length + 1L);

        var watch = Stopwatch.StartNew();
        double[] nll;
        if (variant == "vanilla")
            nll = [Perplexity.Compute(model, texts.Select(t => t.Plain), eot, batch).MeanNegativeLogLikelihood];
        else if (variant == "after")
            nll = Perplexity.ComputeWithPlans(model, texts.Select(t => Annotated(t, planIds[0])).ToList(), eot, planIds.ToHashSet(), batch)
                .Select(f => f.MeanNegativeLogLikelihood).ToArray();
        else
        {
            // Each chosen path scored with every token counted, its sum divided by the plain-text tokens, as before;
            // the oracle stand-in reads the annotated texts (the same work as the oracle figure).
            double Counted(IEnumerable<int[]> sequences)
            {
                var all = Perplexity.Compute(model, sequences, eot, batch);
                return all.MeanNegativeLogLikelihood * all.PlainTokens / plain;
            }
            int window = model.Config.MaxPositions;
            nll = [Counted(TrainingForwardPlanSearch.Choose(model, texts, eot, planIds, best: true, batch, window)),
                   Counted(TrainingForwardPlanSearch.Choose(model, texts, eot, planIds, best: false, batch, window)),
                   Counted(texts.Select(t => Annotated(t, planIds[0])))];
        }
        double seconds = watch.Elapsed.TotalSeconds;
        string setup = $"GPT-Neo {modelName} ({config.ParameterCount:N0} parameters, vocabulary {config.VocabularySize:N0} = GPT-2 + {plans} plan ids), {texts.Count:N0} stories of "
            + $"{Path.GetFileName(file)} ({plain:N0} plain-text tokens, {texts.Sum(t => t.Slots.Length):N0} plan slots), batch {batch}, {threads} threads, random weights";
        string figures = string.Join(", ", nll.Select((n, i) => (variant == "vanilla" ? "vanilla" : new[] { "best", "greedy", variant == "after" ? "oracle" : "oracle stand-in (all counted)" }[i]) + $" {n:F5}"));
        Console.WriteLine(JsonSerializer.Serialize(new { setup, seconds, peak = Process.GetCurrentProcess().PeakWorkingSet64, nll, figures }));
        return 0;
    }

    /// <summary>A plan slot before the first token and after every second sentence end.</summary>
    static (int[] Plain, int[] Slots) Slotted(ByteLevelBpeTokenizer tokenizer, int[] ids)
    {
        var slots = new List<int> { 0 };
        int sentences = 0;
        for (int i = 0; i + 1 < ids.Length; i++)
            if (tokenizer.Decode([ids[i]]).TrimEnd() is [.., '.' or '!' or '?'] && ++sentences % 2 == 0) slots.Add(i + 1);
        return (ids, [.. slots]);
    }

    static int[] Annotated((int[] Plain, int[] Slots) text, int plan)
    {
        var ids = text.Plain.ToList();
        for (int j = text.Slots.Length - 1; j >= 0; j--) ids.Insert(text.Slots[j], plan);
        return [.. ids];
    }
}
