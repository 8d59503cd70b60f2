using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Benchmarks.Numerics;

/// <summary>
/// Forward + backward of the non-GEMM GPT-Neo layers at the 1M and 33M preset shapes (batch·sequence = 2048 tokens),
/// against PyTorch 1.13 CPU running the same computation (build/peers/numerics_kernels.py), case by case in one run.
/// Usage: kernels [--threads N] [--repeats N] [--only NAME]
/// </summary>
public sealed class KernelsBenchmark : IBenchmark
{
    public string Name => "kernels";
    public string Description => "attention / layernorm / gelu / softmax-CE / AdamW forward+backward vs PyTorch";

    sealed record Case(string Name, Func<Action> Build);

    static readonly Case[] Cases =
    [
        new("attention 1M global", () => AttentionCase(8, 256, 64, 16, int.MaxValue)),
        new("attention 1M local 128", () => AttentionCase(8, 256, 64, 16, 128)),
        new("attention 33M", () => AttentionCase(4, 512, 768, 16, int.MaxValue)),
        new("layernorm 1M", () => LayerNormCase(2048, 64)),
        new("layernorm 33M", () => LayerNormCase(2048, 768)),
        new("gelu 1M", () => GeluCase(2048 * 256)),
        new("gelu 33M", () => GeluCase(2048 * 3072)),
        new("softmax-ce 2048x50257", () => CrossEntropyCase(2048, 50257)),
        new("adamw 3.7M params", () => AdamWCase(3_700_000)),
    ];

    public int Run(string[] args)
    {
        int threads = Options.Int(args, "--threads", 2);
        int repeats = Options.Int(args, "--repeats", 5);
        string? only = Options.String(args, "--only");
        string peer = Path.Combine(RepoPaths.Root, "build", "peers", "numerics_kernels.py");
        using var compute = new ComputeSettings(CpuBackend.Instance, threads).Enter();
        Console.WriteLine($"Kernels forward+backward, {threads} threads, best of {repeats}; peer: PyTorch via {peer}");
        Console.WriteLine($"{"case",-26} {"ours ms",10} {"PyTorch ms",11} {"speed-up",9}");
        foreach (var c in Cases)
        {
            if (only is not null && !c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
            double ours = BestOf(repeats, c.Build());
            GC.Collect();
            double? theirs = RunPeer(peer, c.Name, threads, repeats);
            string peerText = theirs is null ? "n/a" : $"{theirs * 1e3:F2}";
            string ratio = theirs is null ? "n/a" : $"{theirs / ours:F2}x";
            Console.WriteLine($"{c.Name,-26} {ours * 1e3,10:F2} {peerText,11} {ratio,9}");
        }
        return 0;
    }

    static double BestOf(int repeats, Action action)
    {
        action(); // warm-up
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return best;
    }

    static double? RunPeer(string script, string name, int threads, int repeats)
    {
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, "--threads", threads.ToString(), "--repeats", repeats.ToString(), "--only", name })
            start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = threads.ToString();
        start.Environment["OPENBLAS_NUM_THREADS"] = threads.ToString();
        try
        {
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var json = JsonDocument.Parse(line);
                if (json.RootElement.GetProperty("name").GetString() == name) return json.RootElement.GetProperty("seconds").GetDouble();
            }
            Console.Error.WriteLine($"peer gave no timing for '{name}': {errors.Trim()}");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            Console.Error.WriteLine($"peer not runnable ({error.Message}); install Debian's python3-torch.");
        }
        return null;
    }

    static Action AttentionCase(int B, int T, int C, int NH, int window)
    {
        var q = Fill(B * T * C, 1); var k = Fill(B * T * C, 2); var v = Fill(B * T * C, 3); var dout = Fill(B * T * C, 4);
        var output = new float[B * T * C];
        var att = new float[B * NH * T * T];
        var dq = new float[B * T * C]; var dk = new float[B * T * C]; var dv = new float[B * T * C];
        return () =>
        {
            Attention.Forward(output, att, q, k, v, B, T, C, NH, window);
            Attention.Backward(dq, dk, dv, dout, att, q, k, v, B, T, C, NH, window);
        };
    }

    static Action LayerNormCase(int BT, int C)
    {
        var x = Fill(BT * C, 1); var w = Fill(C, 2); var b = Fill(C, 3); var dout = Fill(BT * C, 4);
        var output = new float[BT * C]; var mean = new float[BT]; var rstd = new float[BT];
        var dx = new float[BT * C]; var dw = new float[C]; var db = new float[C];
        return () =>
        {
            LayerNorm.Forward(output, mean, rstd, x, w, b, BT, C, 1e-5f);
            LayerNorm.Backward(dx, dw, db, dout, x, w, mean, rstd, BT, C);
        };
    }

    static Action GeluCase(int n)
    {
        var x = Fill(n, 1); var dout = Fill(n, 2); var y = new float[n]; var dx = new float[n];
        return () =>
        {
            Gelu.Forward(y, x, n);
            Gelu.Backward(dx, x, dout, n);
        };
    }

    static Action CrossEntropyCase(int BT, int V)
    {
        // The logits are overwritten by their gradient; later repeats run on those (finite, same-sized) values.
        var logits = Fill(BT * V, 1);
        var random = new Random(2);
        var targets = Enumerable.Range(0, BT).Select(_ => random.Next(V)).ToArray();
        var losses = new float[BT];
        return () => SoftmaxCrossEntropy.ForwardBackward(logits, targets, losses, BT, V, 1f / BT);
    }

    static Action AdamWCase(int n)
    {
        var parameters = Fill(n, 1); var gradients = Fill(n, 2); var m = new float[n]; var v = new float[n];
        int step = 0;
        return () => AdamW.Step(parameters, gradients, m, v, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, ++step);
    }

    static float[] Fill(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
