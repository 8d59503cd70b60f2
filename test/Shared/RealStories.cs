using System.Text;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Testing;

/// <summary>The real TinyStories in ../shared/data/tinystories, read the way the golden fixtures select them.</summary>
internal static class RealStories
{
    public static string Folder => Path.Combine(TestPaths.SharedData, "tinystories");

    /// <summary>Every story: each JSONL file's stories, then each .txt file's pieces, files in ordinal order.</summary>
    public static IEnumerable<(string Source, string Text)> All()
    {
        foreach (var file in Directory.GetFiles(Folder, "*.jsonl").Order(StringComparer.Ordinal))
            foreach (var text in JsonlTexts(file)) yield return (Path.GetFileName(file), text);
        foreach (var file in Directory.GetFiles(Folder, "*.txt").Order(StringComparer.Ordinal))
            foreach (var text in EndOfTextSeparatedTexts(file)) yield return (Path.GetFileName(file), text);
    }

    /// <summary>One {"text": ...} object per line.</summary>
    public static IEnumerable<string> JsonlTexts(string path) =>
        File.ReadLines(path, Encoding.UTF8).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!);

    /// <summary>Pieces of a TinyStories .txt between "&lt;|endoftext|&gt;" separators, kept verbatim (a BOM stays U+FEFF); the last, possibly cut-off piece is dropped.</summary>
    public static IEnumerable<string> EndOfTextSeparatedTexts(string path)
    {
        var pieces = new UTF8Encoding(false).GetString(File.ReadAllBytes(path)).Split(ByteLevelBpeTokenizer.EndOfTextToken);
        return pieces.Take(pieces.Length - 1);
    }
}
