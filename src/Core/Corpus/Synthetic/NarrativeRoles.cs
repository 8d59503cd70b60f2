using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Corpus.Synthetic;

/// <summary>
/// The roles sidecar of a synthetic corpus: <c>&lt;corpus&gt;.roles.jsonl</c>, one line per story in corpus order,
/// <c>{"sentences":["...", ...],"roles":["Introduction", ...]}</c>, the two arrays of equal length.
/// </summary>
public static class NarrativeRoles
{
    public const string SidecarSuffix = ".roles.jsonl";

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>One story's line of the sidecar.</summary>
    public sealed record Entry(IReadOnlyList<string> Sentences, IReadOnlyList<NarrativeRole> Roles);

    public static string SidecarPath(string corpusPath) => corpusPath + SidecarSuffix;

    /// <summary>Whether a roles sidecar sits next to <paramref name="corpusPath"/>.</summary>
    public static bool HasSidecar(string corpusPath) => File.Exists(SidecarPath(corpusPath));

    public static void Write(string sidecarPath, IEnumerable<SyntheticStory> stories) =>
        AtomicFile.Write(sidecarPath, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            foreach (var story in stories)
                writer.WriteLine(JsonSerializer.Serialize(new Entry(story.Sentences, story.Roles), Json));
        });

    /// <summary>
    /// Reads the roles of a corpus: <paramref name="path"/> is the corpus (its sidecar is read) or the sidecar itself.
    /// </summary>
    public static IReadOnlyList<Entry> Read(string path)
    {
        var sidecar = path.EndsWith(SidecarSuffix, StringComparison.Ordinal) ? path : SidecarPath(path);
        if (!File.Exists(sidecar)) throw new FileNotFoundException($"Roles sidecar '{sidecar}' does not exist.", sidecar);
        var entries = new List<Entry>();
        foreach (var (line, content) in Utf8LineReader.ReadLines(sidecar))
        {
            if (content.Trim().Length == 0) continue;
            Entry? entry;
            try { entry = JsonSerializer.Deserialize<Entry>(content, Json); }
            catch (JsonException e) { throw new CorpusFormatException($"{sidecar}:{line}: not a roles record ({e.Message})."); }
            if (entry?.Sentences is null || entry.Roles is null)
                throw new CorpusFormatException($"{sidecar}:{line}: a roles record needs 'sentences' and 'roles'.");
            if (entry.Sentences.Count != entry.Roles.Count)
                throw new CorpusFormatException($"{sidecar}:{line}: {entry.Sentences.Count} sentences but {entry.Roles.Count} roles.");
            entries.Add(entry);
        }
        return entries;
    }
}
