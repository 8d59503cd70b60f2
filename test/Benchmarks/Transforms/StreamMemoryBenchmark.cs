using Microsoft.ML.Data;
using System.Diagnostics;
using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Experiments.Annotation;

namespace Microsoft.ML.SemanticContext.Benchmarks.Transforms;

/// <summary>
/// Peak resident memory while a fitted default pipeline annotates a corpus of at least 1 GB: the 5,000 real stories
/// repeated into a temporary TinyStories .txt (deleted afterwards), read, annotated and written back in a stream.
/// The pipeline is fitted on the 5,000 stories first. Target: peak RSS &lt; 2 GB.
/// Usage: stream-memory [--size-mb 1024]
/// </summary>
public sealed class StreamMemoryBenchmark : IBenchmark
{
    public string Name => "stream-memory";
    public string Description => "peak RSS while streaming a ≥ 1 GB corpus through a fitted annotation pipeline";

    public int Run(string[] args)
    {
        int i = Array.IndexOf(args, "--size-mb");
        long targetBytes = (i >= 0 && i + 1 < args.Length ? long.Parse(args[i + 1]) : 1024) * 1024 * 1024;
        var folder = Directory.CreateTempSubdirectory("stream-memory-");
        try
        {
            var ml = new MLContext(seed: 1);
            var stories = ml.Data.LoadCorpus(Path.Combine(RepoPaths.SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl"))
                .GetColumn<string>(ColumnNames.Text).ToList();
            var clock = Stopwatch.StartNew();
            var model = AnnotationPipeline.Build(ml, new AnnotationConfig(SentencesPerChunk: 2, K: 5)).Fit(ml.Data.LoadFromTexts(stories));
            Console.WriteLine($"fitted on {stories.Count} stories in {clock.Elapsed.TotalSeconds:F1} s; peak RSS so far {PeakRssMb():F0} MB");

            var input = Path.Combine(folder.FullName, "big.txt");
            long written = WriteRepeated(input, stories, targetBytes, out long storyCount);
            Console.WriteLine($"corpus: {written / 1048576.0:F0} MB, {storyCount} stories ({input})");

            clock.Restart();
            var annotated = model.Transform(ml.Data.LoadCorpus(input)).GetColumn<string>(ColumnNames.Annotated);
            long done = 0;
            var output = Path.Combine(folder.FullName, "big.annotated.txt");
            CorpusWriter.Write(output, CorpusFormat.EndOfTextSeparated, annotated.Select(text =>
            {
                if (++done % 200_000 == 0)
                    Console.WriteLine($"  {done} stories, {clock.Elapsed.TotalSeconds:F0} s, RSS {CurrentRssMb():F0} MB, peak {PeakRssMb():F0} MB");
                return new CorpusStory(done - 1, text, 0);
            }));
            Console.WriteLine($"annotated {done} stories ({new FileInfo(output).Length / 1048576.0:F0} MB out) in {clock.Elapsed.TotalSeconds:F0} s");
            Console.WriteLine($"peak RSS: {PeakRssMb():F0} MB (target < 2048 MB)");
            return 0;
        }
        finally { folder.Delete(recursive: true); }
    }

    /// <summary>The stories again and again, separated as in TinyStories, until the file holds at least <paramref name="targetBytes"/>.</summary>
    static long WriteRepeated(string path, List<string> stories, long targetBytes, out long count)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        count = 0;
        while (writer.BaseStream.Position < targetBytes)
            foreach (var story in stories)
            {
                if (count++ > 0) writer.WriteLine(CorpusFormats.EndOfText);
                writer.WriteLine(story);
            }
        writer.Flush();
        return writer.BaseStream.Length;
    }

    static double PeakRssMb() => StatusKilobytes("VmHWM:") / 1024.0;
    static double CurrentRssMb() => StatusKilobytes("VmRSS:") / 1024.0;

    /// <summary>A memory line of /proc/self/status (Linux), in kB.</summary>
    static long StatusKilobytes(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line[field.Length..].Trim().Split(' ')[0]);
    }
}
