using Microsoft.ML.Data;
using System.Diagnostics;
using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Experiments.Annotation;

namespace Microsoft.ML.SemanticContext.Benchmarks.Transforms;

/// <summary>
/// Annotates the 5,000 real stories end to end with defaults (2 sentences per chunk, k = 5): read, fit the four
/// stages, annotate, write JSONL. The Python peer (NLTK Punkt + scikit-learn TF-IDF/TruncatedSVD(256)/KMeans)
/// does the same work in the same run. Target: ours ≤ 7 s and ≥ 2× faster.
/// After the timed part, the cluster report is built (untimed) and its silhouette printed, and the NMI against the
/// narrative roles when the input has a roles sidecar; <c>--synthetic N</c> generates such an input of N stories.
/// Usage: annotate-5000 [--input FILE | --synthetic N] [--k 5] [--sentences 2] [--no-peer]
/// </summary>
public sealed class AnnotateBenchmark : IBenchmark
{
    public string Name => "annotate-5000";
    public string Description => "annotate 5,000 TinyStories end to end (k = 5, 2 sentences) vs NLTK + scikit-learn";

    public int Run(string[] args)
    {
        string input = Option(args, "--input") ?? Path.Combine(RepoPaths.SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl");
        int k = int.Parse(Option(args, "--k") ?? "5"), sentences = int.Parse(Option(args, "--sentences") ?? "2");
        var folder = Directory.CreateTempSubdirectory("annotate-bench-");
        try
        {
            if (Option(args, "--synthetic") is { } synthetic)
            {
                input = Path.Combine(folder.FullName, "synthetic.txt");
                StorySynthesizer.WriteCorpus(input, int.Parse(synthetic), seed: 1);
            }
            Console.WriteLine($"annotate-5000: {input}, k = {k}, {sentences} sentences per chunk, {Environment.ProcessorCount} cores");
            var (ours, oursCpu) = RunOurs(input, Path.Combine(folder.FullName, "ours.jsonl"), k, sentences);
            Console.WriteLine($"ours: {ours:F2} s wall, {oursCpu:F2} s CPU");
            if (args.Contains("--no-peer")) return 0;
            var (peer, peerProcess) = PeerProcess.Run("annotate_peer.py", input, Path.Combine(folder.FullName, "peer.jsonl"),
                "--k", k.ToString(), "--sentences", sentences.ToString());
            double peerSeconds = peer["seconds"]!.GetValue<double>(), peerCpu = peer["cpu_seconds"]!.GetValue<double>();
            Console.WriteLine($"peer (NLTK Punkt + scikit-learn): {peerSeconds:F2} s wall inside Python ({peerProcess:F2} s with interpreter start), {peerCpu:F2} s CPU; stages {peer["stages"]!.ToJsonString()}; {peer["chunks"]} chunks");
            Console.WriteLine($"speed-up peer/ours: {peerSeconds / ours:F2}x wall, {peerCpu / oursCpu:F2}x CPU (target ≥ 2x; ours target ≤ 7 s)");
            return 0;
        }
        finally { folder.Delete(recursive: true); }
    }

    /// <summary>Wall and CPU seconds of reading, fitting, annotating and writing (the report after it is not timed).</summary>
    static (double Wall, double Cpu) RunOurs(string input, string output, int k, int sentences)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(seed: 1);
        BenchmarkLog.WithTimes(ml, clock);
        var data = ml.Data.LoadCorpus(input);
        var model = AnnotationPipeline.Build(ml, new AnnotationConfig(sentences, k)).Fit(data);
        Console.WriteLine($"  [{clock.Elapsed.TotalSeconds,6:F2} s] fitted");
        var texts = model.Transform(data).GetColumn<string>(ColumnNames.Annotated);
        long written = CorpusWriter.Write(output, CorpusFormat.JsonLines, texts.Select((t, i) => new CorpusStory(i, t, i + 1)));
        clock.Stop();
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        Console.WriteLine($"  [{clock.Elapsed.TotalSeconds,6:F2} s] wrote {written} annotated stories");

        var roles = NarrativeRoles.HasSidecar(input) ? NarrativeRoles.Read(input) : null;
        var report = ClusterReports.Build(model.Transform(data), new AnnotationConfig(sentences, k), roles, seed: 1);
        Console.WriteLine($"  report (untimed): silhouette {report.Silhouette:F3}; sizes [{string.Join(", ", report.Clusters.Select(c => c.Size))}]" +
            (report.Nmi is { } nmi ? $"; NMI vs narrative roles {nmi:F3}" : ""));
        return (clock.Elapsed.TotalSeconds, cpu);
    }

    static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
