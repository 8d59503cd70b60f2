namespace Microsoft.ML.SemanticContext.Corpus;

/// <summary>The corpus file layouts users have (DESIGN §4).</summary>
public enum CorpusFormat
{
    /// <summary>TinyStories .txt: stories separated by lines holding <c>&lt;|endoftext|&gt;</c>.</summary>
    EndOfTextSeparated,

    /// <summary>JSON Lines: one object per line with a <c>story</c> or <c>text</c> field.</summary>
    JsonLines,

    /// <summary>A JSON array of such objects (or of strings).</summary>
    JsonArray,

    /// <summary>Plain text, one story per line.</summary>
    OneStoryPerLine,
}

public static class CorpusFormats
{
    public const string EndOfText = "<|endoftext|>";

    /// <summary>Picks the format from the extension, and for text files from whether a separator line occurs early on.</summary>
    public static CorpusFormat Detect(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".jsonl" || extension == ".ndjson") return CorpusFormat.JsonLines;
        if (extension == ".json") return CorpusFormat.JsonArray;
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[1 << 20];
        int read = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, read).Contains(EndOfText, StringComparison.Ordinal)
            ? CorpusFormat.EndOfTextSeparated
            : CorpusFormat.OneStoryPerLine;
    }
}
