using System.Diagnostics;
using Microsoft.ML.SemanticContext.Numerics;
using Microsoft.ML.SemanticContext.Testing;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Benchmarks.Trainers;

/// <summary>
/// Peak resident memory and wall time of scoring held-out perplexity: the stories of the TinyStories validation prefix
/// (../shared/data/tinystories, at most --stories of them), GPT-2 tokens, each story one window of the model's context,
/// batches of 8, a model of random weights with the GPT-2 vocabulary. Peak RSS is this process's peak working set, so
/// it includes the model's weights and the tokenized stories; nothing else runs before the scoring.
/// Usage: perplexity-memory [--model 1M|33M] [--stories 2000] [--batch 8] [--threads 2]
/// </summary>
public sealed class PerplexityMemoryBenchmark : IBenchmark
{
    public string Name => "perplexity-memory";
    public string Description => "Peak RSS and wall time of perplexity over the held-out TinyStories validation stories (1M / 33M shapes)";

    public int Run(string[] args)
    {
        var modelName = BenchmarkArgs.String(args, "--model", "33M");
        int maxStories = BenchmarkArgs.Int(args, "--stories", 2000), batch = BenchmarkArgs.Int(args, "--batch", 8);
        int threads = BenchmarkArgs.Int(args, "--threads", 2);
        var config = GptNeoBenchmarkShapes.Resolve(modelName);
        using var compute = new ComputeSettings(CpuBackend.Instance, threads).Enter();
        var file = Path.Combine(RepoPaths.SharedData, "tinystories", "TinyStories-valid_prefix_1840.txt");
        // The pieces between separators; the last one may be cut off by the prefix and is dropped.
        var pieces = File.ReadAllText(file).Split(ByteLevelBpeTokenizer.EndOfTextToken);
        var stories = pieces.Take(pieces.Length - 1).Select(s => s.Trim()).Where(s => s.Length > 0).Take(maxStories).ToList();
        var tokenizer = Gpt2Data.LoadTokenizer();
        var texts = stories.Select(tokenizer.Encode).ToList();
        var model = GptNeoModel.CreateRandom(config, seed: 1);
        long before = Process.GetCurrentProcess().PeakWorkingSet64;
        var watch = Stopwatch.StartNew();
        var result = Perplexity.Compute(model, texts, tokenizer.EndOfTextId, batchSize: batch);
        double seconds = watch.Elapsed.TotalSeconds;
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine($"GPT-Neo {modelName} ({config.ParameterCount:N0} parameters, vocabulary {config.VocabularySize:N0}, context {config.MaxPositions}), "
            + $"{texts.Count:N0} stories of {Path.GetFileName(file)} ({texts.Sum(t => t.Length):N0} GPT-2 tokens, longest {texts.Max(t => t.Length):N0}), batch {batch}, {threads} threads");
        Console.WriteLine($"peak RSS {peak / 1e9:F2} GB (before scoring {before / 1e9:F2} GB), wall {seconds:F1} s, {result}");
        return 0;
    }
}
