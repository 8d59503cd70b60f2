using Microsoft.ML.SemanticContext.Numerics;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Benchmarks.Trainers;

/// <summary>
/// Training tokens/s of our GPT-Neo (the real trainer loop: forward, backward, clipping, AdamW) against the PyTorch
/// peer on the same shape, random tokens and thread count, run one after the other. Each side reports its fastest step
/// after a warm-up step, the estimate least disturbed by other load on a shared machine.
/// Usage: gptneo-train [--model 1M|8M|33M|hidden:layers:heads] [--batch 8] [--seq 256] [--steps 4] [--peer-steps 2] [--threads 2]
/// </summary>
public sealed class TrainingThroughputBenchmark : IBenchmark
{
    public string Name => "gptneo-train";
    public string Description => "GPT-Neo training tokens/s and GFLOP/s vs PyTorch (1M / 8M / 33M shapes, GPT-2 vocabulary)";

    public int Run(string[] args)
    {
        var modelName = BenchmarkArgs.String(args, "--model", "1M");
        int B = BenchmarkArgs.Int(args, "--batch", 8), T = BenchmarkArgs.Int(args, "--seq", 256);
        int steps = BenchmarkArgs.Int(args, "--steps", 4), peerSteps = BenchmarkArgs.Int(args, "--peer-steps", 2);
        int threads = BenchmarkArgs.Int(args, "--threads", 2);
        var config = GptNeoBenchmarkShapes.Resolve(modelName);
        // Our side runs on the CPU backend with the peer's thread count.
        using var compute = new ComputeSettings(CpuBackend.Instance, threads).Enter();
        double flopsPerStep = GptNeoBenchmarkShapes.TrainingFlops(config, B, T);
        Console.WriteLine($"GPT-Neo {modelName}: hidden {config.HiddenSize}, {config.Layers} layers, {config.Heads} heads, vocab {config.VocabularySize}, "
            + $"{config.ParameterCount:N0} parameters; batch {B} × seq {T}; {threads} threads; {flopsPerStep / 1e9:F1} GFLOP per step");

        double ours = MeasureOurs(config, B, T, steps);
        var peer = PythonPeer.Run("train_gptneo_peer.py", $"{GptNeoBenchmarkShapes.PeerArguments(config)} --batch {B} --seq {T} --steps {peerSteps} --threads {threads}");
        double theirs = peer.GetProperty("tokens_per_second").GetDouble();
        double tokensPerStep = (double)B * T;
        Console.WriteLine($"{"",-8} {"tokens/s",10} {"GFLOP/s",9}");
        Console.WriteLine($"{"ours",-8} {ours,10:N0} {ours / tokensPerStep * flopsPerStep / 1e9,9:F1}");
        Console.WriteLine($"{"PyTorch",-8} {theirs,10:N0} {theirs / tokensPerStep * flopsPerStep / 1e9,9:F1}");
        Console.WriteLine($"ratio ours/PyTorch: {ours / theirs:F2}x");
        return 0;
    }

    /// <summary>Runs the trainer for 1 + <paramref name="steps"/> steps and returns the tokens/s of the fastest after the first (which pays for JIT and allocation).</summary>
    static double MeasureOurs(GptNeoConfig config, int B, int T, int steps)
    {
        var model = GptNeoModel.CreateRandom(config, seed: 1);
        var random = new DeterministicRandom(2);
        var tokens = Enumerable.Range(0, B * T * (steps + 1) + 1).Select(_ => random.NextInt(config.VocabularySize)).ToArray();
        var options = new CausalLmTrainingOptions { BatchSize = B, SequenceLength = T, MaxSteps = steps + 1, LearningRate = 1e-4f };
        var times = new List<TimeSpan>();
        var progress = new Reporter(p => times.Add(p.Elapsed));
        new GptNeoTrainer(model, options).Train(new TokenSequences(tokens, T), progress: progress);
        double fastest = Enumerable.Range(1, times.Count - 1).Min(i => (times[i] - times[i - 1]).TotalSeconds);
        return (double)B * T / fastest;
    }

    sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
