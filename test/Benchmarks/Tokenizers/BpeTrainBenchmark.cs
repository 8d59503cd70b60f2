using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Benchmarks.Tokenizers;

/// <summary>
/// Byte-level BPE training time on one thread. It has no peer: the usual one, Hugging Face's Rust
/// `tokenizers` trainer, is not in the registries this project builds from. It checks its own result instead:
/// the vocabulary reaches the requested size and the trained tokenizer round-trips every story.
/// Usage: bpe-train [vocabulary-size] [stories.jsonl]  (defaults: 4096, the 5,000 clean TinyStories, 4 MB).
/// </summary>
public sealed class BpeTrainBenchmark : IBenchmark
{
    public string Name => "bpe-train";

    public string Description => "byte-level BPE training time (vocabulary 4096 on 4 MB of stories), no peer";

    public int Run(string[] args)
    {
        var vocabularySize = args.Length > 0 ? int.Parse(args[0]) : 4096;
        var corpus = args.Length > 1 ? Path.GetFullPath(args[1])
            : Path.Combine(RepoPaths.SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl");
        var stories = File.ReadLines(corpus, Encoding.UTF8).Where(line => line.Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!).ToArray();
        var bytes = stories.Sum(s => (long)Encoding.UTF8.GetByteCount(s));
        Console.WriteLine($"corpus: {corpus}: {stories.Length} stories, {bytes / 1e6:F2} MB");

        var process = Process.GetCurrentProcess();
        var cpuStart = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var tokenizer = ByteLevelBpeTokenizer.Train(stories, vocabularySize, ["<unk>"]);
        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuStart).TotalSeconds;

        var tokens = 0L;
        foreach (var story in stories)
        {
            var ids = tokenizer.Encode(story);
            if (tokenizer.Decode(ids) != story)
            {
                Console.Error.WriteLine("the trained tokenizer does not round-trip a story");
                return 1;
            }
            tokens += ids.Length;
        }
        Console.WriteLine($"vocabulary {tokenizer.VocabularySize} ({tokenizer.MergeCount} merges), trained in {wall:F2} s wall, {cpu:F2} s CPU; " +
            $"{(double)bytes / tokens:F2} bytes per token on the training stories");
        return tokenizer.VocabularySize == vocabularySize ? 0 : 1;
    }
}
