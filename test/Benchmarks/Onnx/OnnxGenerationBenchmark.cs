using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.SemanticContext.Benchmarks.Trainers;
using Microsoft.ML.SemanticContext.Numerics;
using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Onnx.Generation;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Benchmarks.Onnx;

/// <summary>
/// Greedy generation tokens/s of the C# model (its KV-cache decoder on the CPU kernels) against the same model exported
/// by <c>sctok export-onnx --with-past</c> and run in ONNX Runtime on the CPU (<see cref="OnnxLanguageModelDecoder"/>),
/// both through <see cref="GptNeoGenerator.Generate(ITokenDecoder, ReadOnlySpan{int}, SamplingOptions)"/>: same random
/// weights, prompt, new-token count and thread count. Wall and process-CPU seconds, best of 3 interleaved rounds; the
/// last columns say whether both wrote the same tokens and how far apart the prefill's logits are.
/// Usage: onnx-generate [--models 1M,33M] [--batches 1,10] [--prompt 16] [--new 64] [--threads 2]
/// </summary>
public sealed class OnnxGenerationBenchmark : IBenchmark
{
    public string Name => "onnx-generate";

    public string Description => "Greedy generation tokens/s: C# KV-cache decoder vs the exported decoder_with_past in ONNX Runtime (batch 1 and 10)";

    public int Run(string[] args)
    {
        var models = BenchmarkArgs.String(args, "--models", "1M,33M").Split(',');
        var batches = BenchmarkArgs.String(args, "--batches", "1,10").Split(',').Select(int.Parse).ToArray();
        int promptLength = BenchmarkArgs.Int(args, "--prompt", 16), newTokens = BenchmarkArgs.Int(args, "--new", 64);
        int threads = BenchmarkArgs.Int(args, "--threads", 2);
        var greedy = new SamplingOptions { Temperature = 0, MaxNewTokens = newTokens };
        using var compute = new ComputeSettings(CpuBackend.Instance, threads).Enter();
        Console.WriteLine($"greedy generation: prompt {promptLength} random ids, {newTokens} new tokens per sequence, random weights (seed 1), {threads} threads; "
                          + $"ONNX Runtime {OrtEnv.Instance().GetVersionString()} CPU, all graph optimisations");
        Console.WriteLine($"{"model",6} {"batch",6} {"C# tok/s",9} {"ORT tok/s",10} {"ORT/C#",7} {"C# CPU-s",9} {"ORT CPU-s",10} {"ORT/C# CPU",11} {"same tokens",12} {"max |Δlogit|",14}");
        foreach (var name in models)
        {
            var config = GptNeoBenchmarkShapes.Resolve(name);
            var model = GptNeoModel.CreateRandom(config, seed: 1);
            var random = new DeterministicRandom(3);
            var prompt = Enumerable.Range(0, promptLength).Select(_ => random.NextInt(config.VocabularySize)).ToArray();
            var folder = Path.Combine(RepoPaths.Root, "out", "bench-onnx-lm", name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, GptNeoOnnxExport.WithPastFileName);
            GptNeoOnnxExport.WriteGraph(model, path, withPast: true);
            using var onnx = OnnxLanguageModel.Open(path, new ContextDevice(null, false), threads);
            foreach (int batch in batches)
            {
                int[][] OnnxRun()
                {
                    using var decoder = onnx.CreateDecoder(batch);
                    return GptNeoGenerator.Generate(decoder, prompt, greedy);
                }
                // Warm-up: first-run allocations and JIT on both sides.
                bool same = GptNeoGenerator.Generate(model, prompt, batch, greedy).Zip(OnnxRun()).All(p => p.First.SequenceEqual(p.Second));
                float difference = PrefillDifference(model, onnx, prompt, batch);
                var ours = new List<(double Wall, double Cpu)>();
                var ort = new List<(double Wall, double Cpu)>();
                for (int round = 0; round < 3; round++)  // interleaved, so both see the same machine load
                {
                    ours.Add(OnnxEmbeddingBenchmark.Time(() => GptNeoGenerator.Generate(model, prompt, batch, greedy)));
                    ort.Add(OnnxEmbeddingBenchmark.Time(() => OnnxRun()));
                }
                double tokens = (double)batch * newTokens, o = ours.Min(t => t.Wall), r = ort.Min(t => t.Wall), oc = ours.Min(t => t.Cpu), rc = ort.Min(t => t.Cpu);
                Console.WriteLine($"{name,6} {batch,6} {tokens / o,9:F1} {tokens / r,10:F1} {o / r,6:F2}x {oc,9:F2} {rc,10:F2} {oc / rc,10:F2}x {(same ? "yes" : "no"),12} {difference,14:E1}");
            }
        }
        return 0;
    }

    /// <summary>Largest |C# − ONNX Runtime| over the prefill's next-token logits [batch, V].</summary>
    static float PrefillDifference(GptNeoModel model, OnnxLanguageModel onnx, int[] prompt, int batch)
    {
        var prompts = Enumerable.Repeat(prompt, batch).SelectMany(p => p).ToArray();
        var expected = new GptNeoDecoder(model, batch, prompt.Length).Prefill(prompts, prompt.Length).ToArray();
        using var decoder = onnx.CreateDecoder(batch);
        var actual = decoder.Prefill(prompts, prompt.Length);
        float max = 0;
        for (int i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        return max;
    }
}
