using System.Text.Json;
using Microsoft.ML.SemanticContext.Corpus;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Masking;

/// <summary>
/// The hand-labelled chunks of build/labels/mask_labels.jsonl (see select_mask_chunks.py): a chunk is paragraph
/// <c>chunk</c> of story <c>story</c> of <c>file</c>; <c>names</c> lists [start, end, surface] of each person name.
/// </summary>
public sealed record LabelledChunk(string File, int Story, int Chunk, IReadOnlyList<(int Start, int End, string Surface)> Names);

public static class MaskLabels
{
    public static string LabelsPath => Path.Combine(SharedData.Root, "build", "labels", "mask_labels.jsonl");

    public static IReadOnlyList<LabelledChunk> Read()
    {
        var chunks = new List<LabelledChunk>();
        foreach (var line in File.ReadLines(LabelsPath))
        {
            if (line.Trim().Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var names = root.GetProperty("names").EnumerateArray()
                .Select(n => (n[0].GetInt32(), n[1].GetInt32(), n[2].GetString()!)).ToList();
            chunks.Add(new LabelledChunk(root.GetProperty("file").GetString()!, root.GetProperty("story").GetInt32(), root.GetProperty("chunk").GetInt32(), names));
        }
        return chunks;
    }

    /// <summary>Stories of a labelled file, read as the pipeline reads them.</summary>
    public static IReadOnlyList<string> Stories(string file) =>
        CorpusReader.Read(Path.Combine(SharedData.Data, file)).Select(s => s.Text).ToList();

    /// <summary>The paragraphs of a story: split at line breaks, trimmed, blank ones dropped (as the selection script does).</summary>
    public static string[] Paragraphs(string story) =>
        story.Split('\n').Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
}
