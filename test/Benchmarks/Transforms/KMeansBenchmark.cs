using Microsoft.ML.Data;
using System.Diagnostics;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Clustering;

namespace Microsoft.ML.SemanticContext.Benchmarks.Transforms;

/// <summary>
/// Our K-Means against scikit-learn's KMeans on the same vectors: the chunk embeddings of the 5,000 real stories
/// (2 sentences per chunk, default 256-d embedder), exported as .npy for the peer. Same k, k-means++ init,
/// n_init = 10, tol 1e-4, max_iter 300; best of 3 fits each. Target: time ≤ 1.0× sklearn at inertia ≤ 1.01×.
/// Usage: kmeans [--k 5] [--restarts 10] [--repeats 3] [--mini-batch]
/// </summary>
public sealed class KMeansBenchmark : IBenchmark
{
    public string Name => "kmeans";
    public string Description => "K-Means (k-means++, 10 restarts) on 5,000 stories' chunk embeddings vs scikit-learn KMeans";

    public int Run(string[] args)
    {
        int k = int.Parse(Option(args, "--k") ?? "5"), restarts = int.Parse(Option(args, "--restarts") ?? "10");
        int repeats = int.Parse(Option(args, "--repeats") ?? "3");
        var (points, n, d) = Embeddings();
        var folder = Directory.CreateTempSubdirectory("kmeans-bench-");
        try
        {
            var npy = Path.Combine(folder.FullName, "vectors.npy");
            NpyFile.Write(npy, points, n, d);
            Console.WriteLine($"kmeans: {n} vectors × {d} dims, k = {k}, {restarts} restarts, best of {repeats}; {Environment.ProcessorCount} cores");
            var options = new KMeansOptions { K = k, Restarts = restarts, Seed = 1, MiniBatch = args.Contains("--mini-batch") };
            KMeansResult? result = null;
            double ours = double.PositiveInfinity, oursCpu = double.PositiveInfinity;
            var process = Process.GetCurrentProcess();
            for (int r = 0; r < repeats; r++)
            {
                var cpuBefore = process.TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                result = KMeans.Fit(points, n, d, options);
                ours = Math.Min(ours, clock.Elapsed.TotalSeconds);
                process.Refresh();
                oursCpu = Math.Min(oursCpu, (process.TotalProcessorTime - cpuBefore).TotalSeconds);
            }
            Console.WriteLine($"ours: {ours:F3} s wall, {oursCpu:F3} s CPU, inertia {result!.Inertia:F2} ({result.Iterations} iterations in the best restart)");
            var (peer, _) = PeerProcess.Run("kmeans_peer.py", npy, "--k", k.ToString(), "--n-init", restarts.ToString(), "--repeats", repeats.ToString());
            double peerSeconds = peer["seconds"]!.GetValue<double>(), peerInertia = peer["inertia"]!.GetValue<double>();
            double peerCpu = peer["cpu_seconds"]!.GetValue<double>();
            Console.WriteLine($"scikit-learn: {peerSeconds:F3} s wall, {peerCpu:F3} s CPU, inertia {peerInertia:F2} ({peer["iterations"]} iterations)");
            Console.WriteLine($"time ours/sklearn: {ours / peerSeconds:F2}x wall, {oursCpu / peerCpu:F2}x CPU (target ≤ 1.0x); inertia ours/sklearn: {result.Inertia / peerInertia:F4} (target ≤ 1.01)");
            return 0;
        }
        finally { folder.Delete(recursive: true); }
    }

    /// <summary>The default pipeline's chunk embeddings of the 5,000 real stories, as one matrix [n, d].</summary>
    static (float[] Points, int N, int D) Embeddings()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadCorpus(Path.Combine(RepoPaths.SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl"));
        var embed = ml.Transforms.SemanticContext.SegmentSentences(2)
            .AppendCacheCheckpoint(ml)
            .Append(ml.Transforms.SemanticContext.MaskEntities())
            .AppendCacheCheckpoint(ml)
            .Append(ml.Transforms.SemanticContext.EmbedSegments())
            .Fit(data);
        // One row per story: its chunks' vectors one after another, d values each.
        int d = embed.LastTransformer.Embedder.Dimension;
        var points = embed.Transform(data).GetColumn<float[]>(ColumnNames.Embeddings).SelectMany(v => v).ToArray();
        return (points, points.Length / d, d);
    }

    static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
