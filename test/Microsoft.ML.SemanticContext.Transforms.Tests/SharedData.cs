using Microsoft.ML.SemanticContext.Corpus;

namespace Microsoft.ML.SemanticContext.Transforms.Tests;

/// <summary>The real stories beside the repository (../shared/data), found by walking up to the .sln.</summary>
public static class SharedData
{
    public static string Root => TestPaths.Root;

    public static string Data => TestPaths.SharedData;

    public static string CleanFirst5000 => Path.Combine(Data, "tinystories", "tinystories_gpt4_clean_first5000.jsonl");

    public static string NamesFile => Path.Combine(Data, "lexicons", "makemore_names.txt");

    static readonly Lazy<IReadOnlyList<string>> Clean = new(() => CorpusReader.Read(CleanFirst5000).Select(s => s.Text).ToList());

    /// <summary>The 5,000 stories of the clean GPT-4 set, read once per test run.</summary>
    public static IReadOnlyList<string> CleanStories => Clean.Value;
}
