using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// A tokenizer as the files it saves (vocab.json, merges.txt, special_tokens.json): for storing it inside a model
/// archive, and for copying it, since adding plan tokens changes a tokenizer in place.
/// </summary>
static class TokenizerFiles
{
    /// <summary>The files <see cref="ByteLevelBpeTokenizer.Save"/> writes, by name, in ordinal order.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Of(ByteLevelBpeTokenizer tokenizer)
    {
        var folder = Directory.CreateTempSubdirectory("sctok-tokenizer-");
        try
        {
            tokenizer.Save(folder.FullName);
            return folder.GetFiles().OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => (f.Name, File.ReadAllBytes(f.FullName))).ToList();
        }
        finally { folder.Delete(recursive: true); }
    }

    /// <summary>
    /// Loads a tokenizer from files named <paramref name="names"/>, each read with <paramref name="open"/>; errors name
    /// a file as <paramref name="source"/>/name (e.g. the archive and its entry), not the temporary copy.
    /// </summary>
    public static ByteLevelBpeTokenizer Load(IEnumerable<string> names, Func<string, Stream> open, string source)
    {
        var folder = Directory.CreateTempSubdirectory("sctok-tokenizer-");
        try
        {
            foreach (var name in names)
            {
                using var input = open(name);
                using var target = File.Create(Path.Combine(folder.FullName, Path.GetFileName(name)));
                input.CopyTo(target);
            }
            return ByteLevelBpeTokenizer.Load(folder.FullName);
        }
        catch (TokenizerFormatException e)
        {
            throw e.At($"{source}/{Path.GetFileName(e.FilePath)}");
        }
        finally { folder.Delete(recursive: true); }
    }

    /// <summary>An independent copy with the same ids, merges and special tokens.</summary>
    public static ByteLevelBpeTokenizer Copy(ByteLevelBpeTokenizer tokenizer)
    {
        var files = Of(tokenizer).ToDictionary(f => f.Name, f => f.Content);
        return Load(files.Keys, name => new MemoryStream(files[name], writable: false), "a copy of the tokenizer");
    }
}
