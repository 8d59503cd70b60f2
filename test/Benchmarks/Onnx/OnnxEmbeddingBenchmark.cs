using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.SemanticContext.Onnx.Embedding;
using Microsoft.ML.SemanticContext.Onnx.Runtime;
using Microsoft.ML.SemanticContext.Onnx.Tokenization;

namespace Microsoft.ML.SemanticContext.Benchmarks.Onnx;

/// <summary>
/// Embedding throughput of <see cref="OnnxSentenceEmbedder"/> on a BERT-base-shaped ONNX model (12 layers, 768 hidden,
/// 12 heads, random weights; written by build/fixtures/onnx/make_models.py --bench, ~440 MB, not committed), against
/// its peer: the same ONNX graph run directly through ONNX Runtime's own session API on the same pre-tokenized,
/// identically padded batches, with the same intra-op thread count. The peer is what any host (Python's onnxruntime
/// included) pays for the graph itself, so the ratio is what the .NET path adds: tokenization, length sorting,
/// pooling, normalisation. Python's onnxruntime is not installable here (no pip), so it is not run.
/// Wall and process-CPU seconds are both reported (best of 3, interleaved).
/// Usage: onnx-embed [--threads 2] [--chunks 512] [--batch 32] [--model-dir out/bench-onnx-bert-base]
/// </summary>
public sealed class OnnxEmbeddingBenchmark : IBenchmark
{
    public string Name => "onnx-embed";

    public string Description => "ONNX sentence embedder (BERT-base shape) vs ONNX Runtime's bare session on the same batches";

    public int Run(string[] args)
    {
        int threads = Numerics.Options.Int(args, "--threads", 2);
        int count = Numerics.Options.Int(args, "--chunks", 512);
        int batchSize = Numerics.Options.Int(args, "--batch", 32);
        string folder = Path.GetFullPath(Numerics.Options.String(args, "--model-dir") ?? Path.Combine(RepoPaths.Root, "out", "bench-onnx-bert-base"));
        if (!File.Exists(Path.Combine(folder, "model.onnx"))) Generate(folder);

        var chunks = Chunks(count);
        var ml = new MLContext(1) { ComputeThreads = threads };
        using var embedder = OnnxSentenceEmbedder.Open(ml, folder, new OnnxEmbedderOptions { BatchSize = batchSize, MaxLength = 128 });
        var tokenizer = ModelTokenizer.Open(OnnxModelFolder.Open(folder, "peer"), "peer");
        var ids = chunks.Select(c => tokenizer.Encode(c, 128, out _)).ToArray();
        long tokens = ids.Sum(i => (long)i.Length);
        // The peer's batches: the same length-sorted groups the embedder forms.
        var batches = ids.OrderBy(i => i.Length).Chunk(batchSize).ToArray();
        using var peer = PeerSession(Path.Combine(folder, "model.onnx"), threads);

        embedder.Embed(chunks.Take(batchSize).ToArray()); // warm-up: first-run allocations of both sessions
        RunPeer(peer, batches.Take(1).ToArray());
        var ours = new List<(double Wall, double Cpu)>();
        var bare = new List<(double Wall, double Cpu)>();
        for (int round = 0; round < 3; round++) // interleaved, so both see the same machine load
        {
            ours.Add(Time(() => embedder.Embed(chunks)));
            bare.Add(Time(() => RunPeer(peer, batches)));
        }
        double o = ours.Min(t => t.Wall), b = bare.Min(t => t.Wall), oc = ours.Min(t => t.Cpu), bc = bare.Min(t => t.Cpu);
        Console.WriteLine($"model: {folder}/model.onnx (BERT-base shape, random weights); {chunks.Length} chunks (TinyStories sentence pairs), " +
                          $"{tokens:N0} tokens with [CLS]/[SEP] (≤ 128 each), batches of {batchSize}; {threads} intra-op threads; ONNX Runtime {OrtEnv.Instance().GetVersionString()} CPU");
        Console.WriteLine($"{"",-44} {"wall s",8} {"chunks/s",9} {"tokens/s",9} {"CPU s",8} {"tokens/CPU-s",13}");
        Console.WriteLine($"{"OnnxSentenceEmbedder.Embed (whole path)",-44} {o,8:F2} {chunks.Length / o,9:F1} {tokens / o,9:F0} {oc,8:F2} {tokens / oc,13:F0}");
        Console.WriteLine($"{"bare InferenceSession.Run (peer)",-44} {b,8:F2} {chunks.Length / b,9:F1} {tokens / b,9:F0} {bc,8:F2} {tokens / bc,13:F0}");
        Console.WriteLine($"throughput ratio embedder / bare session (best of 3 each): wall {b / o:F3}, process CPU {bc / oc:F3}");
        Console.WriteLine($"all rounds, wall/CPU s: ours {string.Join(", ", ours.Select(x => $"{x.Wall:F2}/{x.Cpu:F2}"))}; peer {string.Join(", ", bare.Select(x => $"{x.Wall:F2}/{x.Cpu:F2}"))}");
        return 0;
    }

    static string[] Chunks(int count)
    {
        var path = Path.Combine(RepoPaths.SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl");
        var sentences = File.ReadLines(path).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)
            .SelectMany(s => Regex.Split(s, @"(?<=[.!?])\s+")).Where(s => s.Length > 0);
        return sentences.Chunk(2).Select(p => string.Join(" ", p)).Take(count).ToArray();
    }

    static InferenceSession PeerSession(string model, int threads)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        return new InferenceSession(model, options);
    }

    /// <summary>Pads each batch to its longest sequence and runs it: input_ids, attention_mask, token_type_ids → last_hidden_state.</summary>
    static void RunPeer(InferenceSession session, int[][][] batches)
    {
        using var run = new RunOptions();
        foreach (var batch in batches)
        {
            int length = batch.Max(s => s.Length);
            var ids = new long[batch.Length * length];
            var mask = new long[ids.Length];
            for (int b = 0; b < batch.Length; b++)
                for (int t = 0; t < batch[b].Length; t++)
                {
                    ids[b * length + t] = batch[b][t];
                    mask[b * length + t] = 1;
                }
            long[] shape = [batch.Length, length];
            using var i = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var m = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var t0 = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
            using var results = session.Run(run, ["input_ids", "attention_mask", "token_type_ids"], [i, m, t0], ["last_hidden_state"]);
        }
    }

    static void Generate(string folder)
    {
        Console.WriteLine($"writing the BERT-base-shaped model to {folder} (build/fixtures/onnx/make_models.py --bench)");
        var start = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "build", "fixtures", "onnx", "make_models.py"));
        start.ArgumentList.Add("--bench");
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"make_models.py --bench exited with {process.ExitCode}.");
    }

    /// <summary>Wall seconds and this process's CPU seconds (steadier than wall time on a busy shared machine).</summary>
    internal static (double Wall, double Cpu) Time(Action action)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }
}
