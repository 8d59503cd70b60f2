using System.Diagnostics;
using Microsoft.ML.SemanticContext.Numerics;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Benchmarks.Trainers;

/// <summary>
/// Generated tokens/s with a key/value cache, ours against a PyTorch decoding loop with a cache, same shape, prompt,
/// number of new tokens, sampling from softmax(logits) at temperature 1, and thread count.
/// Usage: gptneo-generate [--model 1M|8M|33M] [--batches 1,10] [--prompt 16] [--new 64] [--threads 2]
/// </summary>
public sealed class GenerationBenchmark : IBenchmark
{
    public string Name => "gptneo-generate";
    public string Description => "GPT-Neo generation tokens/s with KV cache vs a PyTorch KV-cache loop (batch 1 and 10)";

    public int Run(string[] args)
    {
        var modelName = BenchmarkArgs.String(args, "--model", "33M");
        var batches = BenchmarkArgs.String(args, "--batches", "1,10").Split(',').Select(int.Parse).ToArray();
        int promptLength = BenchmarkArgs.Int(args, "--prompt", 16), newTokens = BenchmarkArgs.Int(args, "--new", 64);
        int threads = BenchmarkArgs.Int(args, "--threads", 2);
        var config = GptNeoBenchmarkShapes.Resolve(modelName);
        // Our side runs on the CPU backend with the peer's thread count.
        using var compute = new ComputeSettings(CpuBackend.Instance, threads).Enter();
        var model = GptNeoModel.CreateRandom(config, seed: 1);
        var random = new DeterministicRandom(3);
        var prompt = Enumerable.Range(0, promptLength).Select(_ => random.NextInt(config.VocabularySize)).ToArray();
        Console.WriteLine($"GPT-Neo {modelName} generation: prompt {promptLength}, {newTokens} new tokens per sequence, temperature 1, {threads} threads");
        Console.WriteLine($"{"batch",6} {"ours tok/s",11} {"PyTorch",9} {"ratio",7}");
        foreach (int batch in batches)
        {
            var options = new SamplingOptions { MaxNewTokens = newTokens, Seed = 1, Temperature = 1f, TopP = 1f };
            GptNeoGenerator.Generate(model, prompt, batch, options); // warm-up
            double best = double.MaxValue;
            for (int r = 0; r < 2; r++)
            {
                var watch = Stopwatch.StartNew();
                GptNeoGenerator.Generate(model, prompt, batch, options);
                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }
            double ours = batch * newTokens / best;
            var peer = PythonPeer.Run("generate_peer.py",
                $"{GptNeoBenchmarkShapes.PeerArguments(config)} --batch {batch} --prompt {promptLength} --new {newTokens} --threads {threads}");
            double theirs = peer.GetProperty("tokens_per_second").GetDouble();
            Console.WriteLine($"{batch,6} {ours,11:N1} {theirs,9:N1} {ours / theirs,6:F2}x");
        }
        return 0;
    }
}
