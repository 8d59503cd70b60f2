using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// Append-only JSONL store of finished judgments, keyed by a SHA-256 of (prompt, completion, judge model,
/// rubric version). Each judgment is appended and flushed the moment it finishes, so a killed run keeps
/// everything it paid for; a torn last line from such a kill is skipped on load and the next append starts
/// on a fresh line. The file holds grades and replies only: no key, no endpoint, no headers.
/// </summary>
public sealed class JudgeCache : IDisposable
{
    static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    readonly ConcurrentDictionary<string, Entry> entries = new();
    readonly FileStream file;
    readonly object appendLock = new();

    /// <summary>Lines that could not be read back (at most one torn line per interruption).</summary>
    public int SkippedLines { get; }

    public int Count => entries.Count;

    public string Path { get; }

    public JudgeCache(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(dir);
        file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        SkippedLines = Load();
        EndWithNewline();
    }

    /// <summary>The cache key: fields are length-prefixed so ("ab","c") and ("a","bc") never collide.</summary>
    public static string KeyFor(string prompt, string completion, string judgeModel, string rubricVersion)
    {
        var sb = new StringBuilder();
        foreach (var field in new[] { rubricVersion, judgeModel, prompt, completion })
            sb.Append(field.Length).Append(':').Append(field).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    internal bool TryGet(string key, out Entry entry) => entries.TryGetValue(key, out entry!);

    internal void Add(Entry entry)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Json) + "\n");
        lock (appendLock)
        {
            if (!entries.TryAdd(entry.Key, entry)) return;
            file.Seek(0, SeekOrigin.End);
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
    }

    int Load()
    {
        var skipped = 0;
        file.Seek(0, SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                var entry = JsonSerializer.Deserialize<Entry>(line, Json);
                if (entry is null || string.IsNullOrEmpty(entry.Key)) { skipped++; continue; }
                entries[entry.Key] = entry;
            }
            catch (JsonException)
            {
                skipped++;
            }
        }
        return skipped;
    }

    void EndWithNewline()
    {
        if (file.Length == 0) return;
        file.Seek(-1, SeekOrigin.End);
        if (file.ReadByte() == '\n') return;
        file.Seek(0, SeekOrigin.End);
        file.WriteByte((byte)'\n');
        file.Flush(flushToDisk: true);
    }

    public void Dispose() => file.Dispose();

    /// <summary>One stored judgment (the JSONL line).</summary>
    internal sealed record Entry(
        [property: JsonPropertyName("key")] string Key,
        [property: JsonPropertyName("judge_model")] string JudgeModel,
        [property: JsonPropertyName("rubric_version")] string RubricVersion,
        [property: JsonPropertyName("outcome")] string Outcome,
        [property: JsonPropertyName("grammar")] double? Grammar,
        [property: JsonPropertyName("creativity")] double? Creativity,
        [property: JsonPropertyName("consistency")] double? Consistency,
        [property: JsonPropertyName("plot")] double? Plot,
        [property: JsonPropertyName("assessment")] string Assessment,
        [property: JsonPropertyName("grade_reply")] string GradeReply,
        [property: JsonPropertyName("judged_at")] DateTimeOffset JudgedAt);
}
