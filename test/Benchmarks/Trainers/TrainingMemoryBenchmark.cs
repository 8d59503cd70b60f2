using System.Diagnostics;
using Microsoft.ML.SemanticContext.Numerics;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Benchmarks.Trainers;

/// <summary>
/// Peak resident memory of training steps on the 33M shape at batch 4 × 512 tokens (target: under 4 GB), ours (this
/// process's peak working set) beside the PyTorch peer's peak RSS for the same steps.
/// Usage: gptneo-memory [--model 33M] [--batch 4] [--seq 512] [--steps 2] [--threads 2]
/// </summary>
public sealed class TrainingMemoryBenchmark : IBenchmark
{
    public string Name => "gptneo-memory";
    public string Description => "Peak RSS training GPT-Neo 33M at batch 4 × 512 vs PyTorch (target < 4 GB)";

    public int Run(string[] args)
    {
        var modelName = BenchmarkArgs.String(args, "--model", "33M");
        int B = BenchmarkArgs.Int(args, "--batch", 4), T = BenchmarkArgs.Int(args, "--seq", 512);
        int steps = BenchmarkArgs.Int(args, "--steps", 2), threads = BenchmarkArgs.Int(args, "--threads", 2);
        var config = GptNeoBenchmarkShapes.Resolve(modelName);
        // Our side runs on the CPU backend with the peer's thread count.
        using var compute = new ComputeSettings(CpuBackend.Instance, threads).Enter();
        var model = GptNeoModel.CreateRandom(config, seed: 1);
        var random = new DeterministicRandom(2);
        var tokens = Enumerable.Range(0, B * T * steps + 1).Select(_ => random.NextInt(config.VocabularySize)).ToArray();
        var options = new CausalLmTrainingOptions { BatchSize = B, SequenceLength = T, MaxSteps = steps };
        new GptNeoTrainer(model, options).Train(new TokenSequences(tokens, T));
        long ours = Process.GetCurrentProcess().PeakWorkingSet64;
        var peer = PythonPeer.Run("train_gptneo_peer.py", $"{GptNeoBenchmarkShapes.PeerArguments(config)} --batch {B} --seq {T} --steps {Math.Max(1, steps - 1)} --threads {threads}");
        long theirs = peer.GetProperty("peak_rss_bytes").GetInt64();
        Console.WriteLine($"GPT-Neo {modelName} ({config.ParameterCount:N0} parameters), batch {B} × seq {T}, {steps} training steps");
        Console.WriteLine($"peak RSS ours {ours / 1e9:F2} GB, PyTorch {theirs / 1e9:F2} GB, ratio ours/PyTorch {(double)ours / theirs:F2}; target < 4 GB: {(ours < 4e9 ? "met" : "NOT met")}");
        return ours < 4e9 ? 0 : 3;
    }
}
