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

    /// <summary>
    /// Picks the format from the extension, and for text files from whether a separator occurs anywhere: the bytes are
    /// searched block by block (at memory speed, no decoding), stopping at the first.
    /// </summary>
    public static CorpusFormat Detect(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".jsonl" || extension == ".ndjson") return CorpusFormat.JsonLines;
        if (extension == ".json") return CorpusFormat.JsonArray;
        return ContainsSeparator(path) ? CorpusFormat.EndOfTextSeparated : CorpusFormat.OneStoryPerLine;
    }

    static bool ContainsSeparator(string path)
    {
        var separator = System.Text.Encoding.UTF8.GetBytes(EndOfText);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        int kept = 0, read;
        while ((read = stream.Read(buffer, kept, buffer.Length - kept)) > 0)
        {
            int filled = kept + read;
            if (buffer.AsSpan(0, filled).IndexOf(separator) >= 0) return true;
            // A separator may straddle two blocks: keep the tail that could be its beginning.
            kept = Math.Min(separator.Length - 1, filled);
            buffer.AsSpan(filled - kept, kept).CopyTo(buffer);
        }
        return false;
    }
}
