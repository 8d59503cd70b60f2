using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.SemanticContext.Corpus;

/// <summary>
/// Streams the stories of a corpus file in any <see cref="CorpusFormat"/>. Empty stories (consecutive separators,
/// blank lines) are skipped; the text of each story is trimmed, which is the only whitespace normalisation.
/// </summary>
public static class CorpusReader
{
    static readonly string[] TextFields = ["story", "text"];

    public static IEnumerable<CorpusStory> Read(string path, CorpusFormat? format = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Corpus file '{path}' does not exist.", path);
        return (format ?? CorpusFormats.Detect(path)) switch
        {
            CorpusFormat.EndOfTextSeparated => ReadSeparated(path),
            CorpusFormat.JsonLines => ReadJsonLines(path),
            CorpusFormat.JsonArray => ReadJsonArray(path),
            _ => ReadOnePerLine(path),
        };
    }

    static IEnumerable<CorpusStory> ReadSeparated(string path)
    {
        var text = new StringBuilder();
        long index = 0, startLine = 0;
        foreach (var (line, content) in Utf8LineReader.ReadLines(path))
        {
            if (content.Trim() == CorpusFormats.EndOfText)
            {
                if (Flush(text, ref index, startLine) is { } story) yield return story;
                startLine = 0;
                continue;
            }
            if (startLine == 0 && content.Trim().Length == 0) continue;
            if (startLine == 0) startLine = line;
            if (text.Length > 0) text.Append('\n');
            text.Append(content);
        }
        if (Flush(text, ref index, startLine) is { } last) yield return last;
    }

    static CorpusStory? Flush(StringBuilder text, ref long index, long startLine)
    {
        var story = text.ToString().Trim();
        text.Clear();
        return story.Length == 0 ? null : new CorpusStory(index++, story, startLine);
    }

    static IEnumerable<CorpusStory> ReadOnePerLine(string path)
    {
        long index = 0;
        foreach (var (line, content) in Utf8LineReader.ReadLines(path))
        {
            var story = content.Trim();
            if (story.Length > 0) yield return new CorpusStory(index++, story, line);
        }
    }

    static IEnumerable<CorpusStory> ReadJsonLines(string path)
    {
        long index = 0;
        foreach (var (line, content) in Utf8LineReader.ReadLines(path))
        {
            if (content.Trim().Length == 0) continue;
            JsonNode? node;
            try { node = JsonNode.Parse(content); }
            catch (JsonException e) { throw new CorpusFormatException($"{path}:{line}: not valid JSON ({e.Message})."); }
            var story = FromRecord(node, path, $"{path}:{line}", index, line);
            if (story is not null) { index++; yield return story; }
        }
    }

    static IEnumerable<CorpusStory> ReadJsonArray(string path)
    {
        JsonNode? root;
        try
        {
            // Validate the bytes strictly first so invalid UTF-8 is reported rather than replaced.
            foreach (var _ in Utf8LineReader.ReadLines(path)) { }
            using var stream = File.OpenRead(path);
            root = JsonNode.Parse(stream);
        }
        catch (JsonException e) { throw new CorpusFormatException($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message})."); }
        if (root is not JsonArray array)
            throw new CorpusFormatException($"{path}: a .json corpus must be an array of objects with a 'story' or 'text' field, or of strings.");
        long index = 0;
        for (int i = 0; i < array.Count; i++)
        {
            var story = FromRecord(array[i]?.DeepClone(), path, $"{path}: element {i}", index, i + 1);
            if (story is not null) { index++; yield return story; }
        }
    }

    static CorpusStory? FromRecord(JsonNode? node, string path, string where, long index, long line)
    {
        if (node is JsonValue value && value.TryGetValue<string>(out var plain))
            return plain.Trim().Length == 0 ? null : new CorpusStory(index, plain.Trim(), line);
        if (node is not JsonObject record)
            throw new CorpusFormatException($"{where}: expected an object with a 'story' or 'text' field.");
        foreach (var field in TextFields)
        {
            if (record[field] is not JsonValue v) continue;
            if (!v.TryGetValue<string>(out var text))
                throw new CorpusFormatException($"{where}: field '{field}' is not a string.");
            if (text.Contains('\0'))
                throw new CorpusFormatException($"{where}: field '{field}' contains a NUL character.");
            return text.Trim().Length == 0 ? null : new CorpusStory(index, text.Trim(), line, record, field);
        }
        throw new CorpusFormatException($"{where}: no 'story' or 'text' field (fields: {string.Join(", ", record.Select(p => p.Key))}).");
    }
}
