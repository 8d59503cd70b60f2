using System.Diagnostics;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Benchmarks.Numerics;

/// <summary>
/// Our SGEMM against OpenBLAS on the same operands and thread count, alternating runs so that load from other
/// processes hits both alike. Shapes: large squares, and the tied LM head of the 1M model with the GPT-2 vocabulary
/// (X[2048,64]·Wᵀ with W[50257,64], and its two backward products).
/// Usage: sgemm [--threads N] [--repeats N] [--only NAME]
/// </summary>
public sealed class SgemmBenchmark : IBenchmark
{
    public string Name => "sgemm";
    public string Description => "SGEMM GFLOP/s vs OpenBLAS (1024³, 2048³, LM-head 2048×64·64×50257 and its backward products)";

    sealed record Shape(string Name, Transpose TransA, Transpose TransB, int M, int N, int K, double Target);

    static readonly Shape[] Shapes =
    [
        new("square 1024", Transpose.No, Transpose.No, 1024, 1024, 1024, 0.8),
        new("square 2048", Transpose.No, Transpose.No, 2048, 2048, 2048, 0.8),
        new("lm-head forward  X·Wᵀ", Transpose.No, Transpose.Yes, 2048, 50257, 64, 2.0),
        new("lm-head dX = dL·W", Transpose.No, Transpose.No, 2048, 64, 50257, 2.0),
        new("lm-head dW = dLᵀ·X", Transpose.Yes, Transpose.No, 50257, 64, 2048, 2.0),
        // Generation with a KV cache: one position per sequence, batch 1 and 10 (no target; reported for the record).
        new("generate b1 X·Wᵀ", Transpose.No, Transpose.Yes, 1, 50257, 64, 0),
        new("generate b10 X·Wᵀ", Transpose.No, Transpose.Yes, 10, 50257, 64, 0),
        new("generate b10 33M mlp", Transpose.No, Transpose.Yes, 10, 3072, 768, 0),
    ];

    public int Run(string[] args)
    {
        int threads = Options.Int(args, "--threads", 2);
        int repeats = Options.Int(args, "--repeats", 5);
        string? only = Options.String(args, "--only");
        if (!OpenBlas.IsAvailable)
        {
            Console.Error.WriteLine("libopenblas.so.0 not found: install Debian's libopenblas0-pthread to run the peer.");
            return 1;
        }
        OpenBlas.SetThreads(threads);
        using var compute = new ComputeSettings(CpuBackend.Instance, threads).Enter();
        Console.WriteLine($"SGEMM, {threads} threads, best of {repeats} alternating runs; backend {ComputeSettings.Current.Backend.Name}");
        // Wall-clock ratio is the result; the CPU-time ratio (process CPU seconds per run) is a diagnostic that is less
        // disturbed when other processes compete for the cores, and GF per CPU-second shows how close one core runs to its
        // FMA peak (16 lanes · 2 flops · clock).
        Console.WriteLine($"{"shape",-24} {"m",6} {"n",6} {"k",6} {"ours GF/s",10} {"OpenBLAS",10} {"ratio",7} {"target",7} {"cpu ratio",9} {"ours GF/cpu-s",13} {"max |Δ|",9}");
        bool allMet = true;
        foreach (var shape in Shapes)
        {
            if (only is not null && !shape.Name.Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
            allMet &= Measure(shape, repeats);
        }
        return allMet ? 0 : 3;
    }

    static bool Measure(Shape s, int repeats)
    {
        int aRows = s.TransA == Transpose.No ? s.M : s.K, aCols = s.TransA == Transpose.No ? s.K : s.M;
        int bRows = s.TransB == Transpose.No ? s.K : s.N, bCols = s.TransB == Transpose.No ? s.N : s.K;
        var random = new Random(42);
        var a = Fill(random, aRows * aCols);
        var b = Fill(random, bRows * bCols);
        var ours = new float[s.M * s.N];
        var peer = new float[s.M * s.N];

        var ourTimes = new List<Timing>();
        var peerTimes = new List<Timing>();
        for (int r = 0; r <= repeats; r++) // run 0 is the warm-up (JIT, page faults, pack buffers)
        {
            var t = Time(() => Gemm.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, aCols, b, bCols, 0f, ours, s.N));
            var u = Time(() => OpenBlas.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, aCols, b, bCols, 0f, peer, s.N));
            if (r == 0) continue;
            ourTimes.Add(t);
            peerTimes.Add(u);
        }
        double bestOurs = ourTimes.Min(t => t.Wall), bestPeer = peerTimes.Min(t => t.Wall);
        double flops = 2.0 * s.M * s.N * s.K;
        double ratio = bestPeer / bestOurs;
        double ourCpu = ourTimes.Min(t => t.Cpu);
        double cpuRatio = peerTimes.Min(t => t.Cpu) / ourCpu;
        float maxDifference = 0;
        for (int i = 0; i < ours.Length; i++) maxDifference = Math.Max(maxDifference, Math.Abs(ours[i] - peer[i]));
        Console.WriteLine($"{s.Name,-24} {s.M,6} {s.N,6} {s.K,6} {flops / bestOurs / 1e9,10:F1} {flops / bestPeer / 1e9,10:F1} {ratio,6:F2}x {(s.Target > 0 ? $"{s.Target:F1}x" : "-"),7} {cpuRatio,8:F2}x {flops / ourCpu / 1e9,13:F1} {maxDifference,9:E1}");
        return ratio >= s.Target;
    }

    readonly record struct Timing(double Wall, double Cpu);

    static Timing Time(Action action)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        double wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return new Timing(wall, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    static float[] Fill(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
