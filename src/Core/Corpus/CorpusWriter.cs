using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Corpus;

/// <summary>
/// Writes stories in a corpus format, streaming through a temporary file that replaces the target only when
/// everything was written, so a failure never leaves a partial output.
/// </summary>
public static class CorpusWriter
{
    static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="stories"/>; for JSON formats the story's record is kept with its text field replaced.</summary>
    public static long Write(string path, CorpusFormat format, IEnumerable<CorpusStory> stories)
    {
        long count = 0;
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            if (format == CorpusFormat.JsonArray) writer.Write("[\n");
            foreach (var story in stories)
            {
                switch (format)
                {
                    case CorpusFormat.EndOfTextSeparated:
                        if (count > 0) writer.WriteLine(CorpusFormats.EndOfText);
                        writer.WriteLine(story.Text);
                        break;
                    case CorpusFormat.OneStoryPerLine:
                        writer.WriteLine(story.Text.ReplaceLineEndings(" "));
                        break;
                    default:
                        if (format == CorpusFormat.JsonArray && count > 0) writer.Write(",\n");
                        writer.Write(ToRecord(story).ToJsonString(Compact));
                        if (format == CorpusFormat.JsonLines) writer.WriteLine();
                        break;
                }
                count++;
            }
            if (format == CorpusFormat.JsonArray) writer.Write("\n]\n");
        });
        return count;
    }

    static JsonObject ToRecord(CorpusStory story)
    {
        var record = story.Record?.DeepClone().AsObject() ?? new JsonObject();
        record[story.TextField ?? "text"] = story.Text;
        return record;
    }
}
