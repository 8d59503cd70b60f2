using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Win32.SafeHandles;

namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// Append-only JSONL store of judgments, keyed by a SHA-256 of (prompt, completion, judge model, rubric version).
/// A line is "Graded" (final: served from then on), "Unparseable" (the replies held no grades; kept for audit, judged
/// again by the next run) or "Assessed" (turn 1 done, turn 2 failed or stopped: the next attempt starts at turn 2); a later line for a key
/// replaces an earlier one unless that one is final. Each line is appended the moment it is known, so a killed run
/// keeps everything it paid for; a torn last line from such a kill is skipped on load and the next append starts
/// on a fresh line. The file holds grades and replies only (redacted of the key): no key, no endpoint, no headers.
/// Lines are written with positioned writes under a lock (reaching the OS at once, so a killed process keeps
/// them); judgment lines are synced to disk outside it, so concurrent judgments share fsyncs instead of queueing behind
/// each, and an "Assessed" line goes to disk with the next sync.
/// </summary>
public sealed class JudgeCache : IDisposable
{
    static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    readonly ConcurrentDictionary<string, Entry> entries = new();
    readonly SafeFileHandle file;
    readonly Lock appendLock = new();
    long length;

    /// <summary>Lines that could not be read back (at most one torn line per interruption).</summary>
    public int SkippedLines { get; }

    public int Count => entries.Count;

    public string Path { get; }

    public JudgeCache(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(dir);
        SkippedLines = File.Exists(Path) ? Load(Path, entries) : 0;
        file = File.OpenHandle(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        length = RandomAccess.GetLength(file);
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
            if (entries.TryGetValue(entry.Key, out var known) && known.IsFinal) return;
            entries[entry.Key] = entry;
            RandomAccess.Write(file, line, length);
            length += line.Length;
        }
        if (entry.Outcome != Entry.AssessedOutcome) RandomAccess.FlushToDisk(file);
    }

    static int Load(string path, ConcurrentDictionary<string, Entry> entries)
    {
        var skipped = 0;
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                var entry = JsonSerializer.Deserialize<Entry>(line, Json);
                if (entry is null || string.IsNullOrEmpty(entry.Key)) { skipped++; continue; }
                if (!entries.TryGetValue(entry.Key, out var known) || !known.IsFinal) entries[entry.Key] = entry;
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
        if (length == 0) return;
        Span<byte> last = stackalloc byte[1];
        RandomAccess.Read(file, last, length - 1);
        if (last[0] == '\n') return;
        RandomAccess.Write(file, "\n"u8, length);
        length++;
        RandomAccess.FlushToDisk(file);
    }

    public void Dispose() => file.Dispose();

    /// <summary>One stored judgment or first turn (the JSONL line).</summary>
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
        [property: JsonPropertyName("judged_at")] DateTimeOffset JudgedAt)
    {
        public const string AssessedOutcome = "Assessed";

        /// <summary>Grades were read: the judgment is served from the cache from then on.</summary>
        [JsonIgnore]
        public bool IsFinal => Outcome == nameof(JudgeOutcome.Graded) && Grammar is not null && Creativity is not null && Consistency is not null;

        /// <summary>Turn 1 finished, turn 2 not yet: what a later attempt needs to skip turn 1.</summary>
        public static Entry Assessed(string key, string judgeModel, string rubricVersion, string assessment) =>
            new(key, judgeModel, rubricVersion, AssessedOutcome, null, null, null, null, assessment, "", DateTimeOffset.UtcNow);
    }
}
