using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Testing;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.SemanticContext.Benchmarks.Tokenizers;

/// <summary>
/// GPT-2 BPE, ours against Microsoft.ML.Tokenizers' <see cref="TiktokenTokenizer"/> ("gpt2") in the same process on the
/// same stories; the ids must be identical and both must decode them back to the stories. Encoding is timed
/// single-threaded on a fresh tokenizer (empty piece cache, "cold") and again on the same one ("warm", best of 5);
/// decoding single-threaded, best of 5. Throughput is UTF-8 megabytes of story text per second, in wall-clock and in
/// process CPU seconds (steadier on a busy shared machine). Ours is also timed through the ML.NET Tokenizer API
/// (<see cref="ByteLevelBpeMLTokenizer"/>: EncodeToIds, CountTokens, Decode) and on all cores.
/// Usage: bpe-encode [stories.jsonl]  (default: the 5,000 clean TinyStories).
/// </summary>
public sealed class BpeEncodeBenchmark : IBenchmark
{
    public string Name => "bpe-encode";

    public string Description => "GPT-2 BPE encode/decode vs Microsoft.ML.Tokenizers' TiktokenTokenizer, identical ids";

    public int Run(string[] args)
    {
        var corpus = args.Length > 0 ? Path.GetFullPath(args[0])
            : Path.Combine(RepoPaths.SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl");
        var stories = File.ReadLines(corpus, Encoding.UTF8).Where(line => line.Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!).ToArray();
        var megabytes = stories.Sum(s => (long)Encoding.UTF8.GetByteCount(s)) / 1e6;
        Console.WriteLine($"corpus: {corpus}: {stories.Length} stories, {megabytes:F2} MB");

        // Warm the JIT up on throwaway tokenizers, so that the cold passes below time encoding with an empty cache only.
        var (oursThrowaway, libraryThrowaway) = (Gpt2Data.LoadTokenizer(), TiktokenTokenizer.CreateForModel("gpt2"));
        foreach (var story in stories)
        {
            oursThrowaway.Decode(oursThrowaway.Encode(story));
            libraryThrowaway.Decode(libraryThrowaway.EncodeToIds(story));
        }

        // Every pass keeps all stories' ids until it ends, as a caller would.
        var ours = Gpt2Data.LoadTokenizer();
        var oursIds = new int[stories.Length][];
        var oursCold = Measure(() => { for (var i = 0; i < stories.Length; i++) oursIds[i] = ours.Encode(stories[i]); });
        var oursWarm = Best(5, () => { var kept = new int[stories.Length][]; for (var i = 0; i < stories.Length; i++) kept[i] = ours.Encode(stories[i]); });
        var oursParallel = Best(5, () => { var kept = new int[stories.Length][]; Parallel.For(0, stories.Length, i => kept[i] = ours.Encode(stories[i])); });
        var adapter = ours.AsTokenizer();
        var adapterEncode = Best(5, () => { var kept = new IReadOnlyList<int>[stories.Length]; for (var i = 0; i < stories.Length; i++) kept[i] = adapter.EncodeToIds(stories[i]); });
        var adapterCount = Best(5, () => { long total = 0; for (var i = 0; i < stories.Length; i++) total += adapter.CountTokens(stories[i]); });

        var library = TiktokenTokenizer.CreateForModel("gpt2");
        var libraryIds = new IReadOnlyList<int>[stories.Length];
        var libraryCold = Measure(() => { for (var i = 0; i < stories.Length; i++) libraryIds[i] = library.EncodeToIds(stories[i]); });
        var libraryWarm = Best(5, () => { var kept = new IReadOnlyList<int>[stories.Length]; for (var i = 0; i < stories.Length; i++) kept[i] = library.EncodeToIds(stories[i]); });
        var libraryCount = Best(5, () => { long total = 0; for (var i = 0; i < stories.Length; i++) total += library.CountTokens(stories[i]); });

        for (var i = 0; i < stories.Length; i++)
        {
            if (oursIds[i].SequenceEqual(libraryIds[i])) continue;
            Console.Error.WriteLine($"ids differ from the library's in story {i} of {corpus}.");
            return 1;
        }

        var oursTexts = new string[stories.Length];
        var libraryTexts = new string[stories.Length];
        var oursDecode = Best(5, () => { for (var i = 0; i < stories.Length; i++) oursTexts[i] = ours.Decode(oursIds[i]); });
        var libraryDecode = Best(5, () => { for (var i = 0; i < stories.Length; i++) libraryTexts[i] = library.Decode(oursIds[i]); });
        var adapterTexts = new string[stories.Length];
        var adapterDecode = Best(5, () => { for (var i = 0; i < stories.Length; i++) adapterTexts[i] = adapter.Decode(oursIds[i]); });
        for (var i = 0; i < stories.Length; i++)
        {
            if (oursTexts[i] == stories[i] && libraryTexts[i] == stories[i] && adapterTexts[i] == stories[i]) continue;
            Console.Error.WriteLine($"story {i} of {corpus} does not decode back to itself (ours: {oursTexts[i] == stories[i]}, library: {libraryTexts[i] == stories[i]}, ours as ML.NET Tokenizer: {adapterTexts[i] == stories[i]}).");
            return 1;
        }

        Console.WriteLine($"ids identical to the library's: {oursIds.Sum(ids => (long)ids.Length):N0} tokens; both decode them back to the stories");
        Console.WriteLine($"{"1 thread",-34} {"wall s",8} {"MB/s",8} {"vs library",10}   {"CPU s",7} {"MB/CPU-s",9} {"vs library",10}");
        Report("encode, library, cold cache", libraryCold, megabytes, libraryCold);
        Report("encode, library, warm cache", libraryWarm, megabytes, libraryWarm);
        Report("encode, ours, cold cache", oursCold, megabytes, libraryCold);
        Report("encode, ours, warm cache", oursWarm, megabytes, libraryWarm);
        Report("decode, library", libraryDecode, megabytes, libraryDecode);
        Report("decode, ours", oursDecode, megabytes, libraryDecode);
        Report("encode, ours as ML.NET Tokenizer", adapterEncode, megabytes, libraryWarm);
        Report("count, library", libraryCount, megabytes, libraryCount);
        Report("count, ours as ML.NET Tokenizer", adapterCount, megabytes, libraryCount);
        Report("decode, ours as ML.NET Tokenizer", adapterDecode, megabytes, libraryDecode);
        Console.WriteLine($"{$"encode, ours, {Environment.ProcessorCount} threads, warm cache",-34} {oursParallel.Wall,8:F3} {megabytes / oursParallel.Wall,8:F1} {libraryWarm.Wall / oursParallel.Wall,9:F2}x");
        return 0;
    }

    readonly record struct Timing(double Wall, double Cpu);

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

    static void Report(string name, Timing timing, double megabytes, Timing library) =>
        Console.WriteLine($"{name,-34} {timing.Wall,8:F3} {megabytes / timing.Wall,8:F1} {library.Wall / timing.Wall,9:F2}x   " +
            $"{timing.Cpu,7:F3} {megabytes / timing.Cpu,9:F1} {library.Cpu / timing.Cpu,9:F2}x");
}
