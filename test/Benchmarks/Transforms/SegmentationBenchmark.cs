using Microsoft.ML.Data;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Benchmarks.Transforms;

/// <summary>
/// The text stages on the 5,000 real stories: our segmenter (fit = train the Punkt-style model, transform = split and
/// chunk in pairs) and masker, side by side with NLTK Punkt trained on the same corpus (build/peers/segment_punkt_peer.py).
/// Also reports how often both find exactly the same sentences in a story.
/// Run: <c>dotnet run -c Release --project test/Benchmarks -- segment [corpus.jsonl] [repeats]</c>.
/// </summary>
public sealed class SegmentationBenchmark : IBenchmark
{
    public string Name => "segment";

    public string Description => "segment + mask stages on 5,000 stories vs NLTK Punkt trained on the corpus";

    public int Run(string[] args)
    {
        var corpus = args.Length > 0 ? args[0] : Path.Combine(RepoPaths.SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl");
        int repeats = args.Length > 1 ? int.Parse(args[1]) : 3;
        var ml = new MLContext(seed: 1);
        var stories = BenchmarkLog.Materialize(ml, ml.Data.LoadCorpus(corpus));
        var texts = stories.GetColumn<string>(ColumnNames.Text).ToList();
        Console.WriteLine($"corpus: {corpus} ({texts.Count:N0} stories)");

        double fitSegment = double.MaxValue, transformSegment = double.MaxValue, fitMask = double.MaxValue, transformMask = double.MaxValue;
        IDataView segmented = null!;
        Microsoft.ML.SemanticContext.Transforms.Segmentation.SentenceSegmentTransformer segmenter = null!;
        for (int r = 0; r < repeats + 1; r++) // the first round warms the JIT and is not counted
        {
            var clock = Stopwatch.StartNew();
            segmenter = ml.Transforms.SemanticContext.SegmentSentences().Fit(stories);
            double a = clock.Elapsed.TotalSeconds;
            clock.Restart();
            segmented = BenchmarkLog.Materialize(ml, segmenter.Transform(stories));
            double b = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var masker = ml.Transforms.SemanticContext.MaskEntities().Fit(segmented);
            double c = clock.Elapsed.TotalSeconds;
            clock.Restart();
            BenchmarkLog.Materialize(ml, masker.Transform(segmented));
            double d = clock.Elapsed.TotalSeconds;
            if (r == 0) continue;
            (fitSegment, transformSegment, fitMask, transformMask) =
                (Math.Min(fitSegment, a), Math.Min(transformSegment, b), Math.Min(fitMask, c), Math.Min(transformMask, d));
        }
        int chunks = segmented.GetColumn<string[]>(ColumnNames.Segments).Sum(c => c.Length);
        double ours = fitSegment + transformSegment;
        Console.WriteLine($"ours   segment: fit {fitSegment:F3} s + transform {transformSegment:F3} s = {ours:F3} s ({chunks:N0} chunks); " +
                          $"mask: fit {fitMask:F3} s + transform {transformMask:F3} s (best of {repeats})");

        var peer = RunPeer(corpus);
        if (peer is null) return 1;
        double theirs = peer.RootElement.GetProperty("train_seconds").GetDouble() + peer.RootElement.GetProperty("split_seconds").GetDouble();
        Console.WriteLine($"NLTK   segment: train {peer.RootElement.GetProperty("train_seconds").GetDouble():F3} s + split {peer.RootElement.GetProperty("split_seconds").GetDouble():F3} s = {theirs:F3} s ({peer.RootElement.GetProperty("chunks").GetInt32():N0} chunks)");
        Console.WriteLine($"speed-up (NLTK time / ours): {theirs / ours:F1}x");

        var theirSentences = peer.RootElement.GetProperty("sentences").EnumerateArray().ToList();
        int same = 0;
        for (int i = 0; i < theirSentences.Count; i++)
        {
            var story = texts[i];
            var mine = segmenter.SplitSentences(story).Select(s => Normalise(story.Substring(s.Start, s.Length)));
            if (mine.SequenceEqual(theirSentences[i].EnumerateArray().Select(s => Normalise(s.GetString()!)))) same++;
        }
        Console.WriteLine($"stories with identical sentences: {same:N0} of {theirSentences.Count:N0} ({100.0 * same / theirSentences.Count:F1}%)");
        return 0;
    }

    static string Normalise(string sentence) => string.Join(' ', sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    static JsonDocument? RunPeer(string corpus)
    {
        var script = Path.Combine(RepoPaths.Root, "build", "peers", "segment_punkt_peer.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, corpus]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"peer failed ({script}, exit {process.ExitCode}): {stderr}");
            return null;
        }
        return JsonDocument.Parse(stdout.Result);
    }
}
