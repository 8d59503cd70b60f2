using System.Text;

namespace Microsoft.ML.SemanticContext.Corpus;

/// <summary>
/// Reads a file line by line as strict UTF-8, so invalid bytes and NUL bytes are reported with their line and column
/// instead of being silently replaced. Skips a leading byte-order mark. Lines exclude their "\n" / "\r\n".
/// </summary>
public static class Utf8LineReader
{
    static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEnumerable<(long Line, string Text)> ReadLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = new byte[1 << 16];
        var pending = new MemoryStream();
        long line = 1;
        bool first = true;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            int start = 0;
            if (first)
            {
                first = false;
                if (read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF) start = 3;
                else if (IsUtf16(buffer.AsSpan(0, read))) throw NotUtf8(path, "UTF-16");
            }
            for (int i = start; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                pending.Write(buffer, start, i - start);
                yield return (line, Decode(pending, path, line));
                pending.SetLength(0);
                line++;
                start = i + 1;
            }
            pending.Write(buffer, start, read - start);
        }
        if (pending.Length > 0) yield return (line, Decode(pending, path, line));
    }

    /// <summary>
    /// A UTF-16 byte-order mark, or text whose first characters each have a zero byte (ASCII in UTF-16, e.g. a file
    /// PowerShell or Notepad saved as "Unicode").
    /// </summary>
    static bool IsUtf16(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && (head[0], head[1]) is (0xFF, 0xFE) or (0xFE, 0xFF)) return true;
        int pairs = Math.Min(head.Length / 2, 8);
        if (pairs < 2) return false;
        bool little = true, big = true;
        for (int i = 0; i < pairs; i++)
        {
            little &= head[2 * i] != 0 && head[2 * i + 1] == 0;
            big &= head[2 * i] == 0 && head[2 * i + 1] != 0;
        }
        return little || big;
    }

    static CorpusFormatException NotUtf8(string path, string encoding) =>
        new($"{path}: the file is {encoding} text; only UTF-8 is supported. Convert it first (e.g. iconv -f UTF-16 -t UTF-8).");

    static string Decode(MemoryStream bytes, string path, long line)
    {
        var span = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
        if (span.Length > 0 && span[^1] == (byte)'\r') span = span[..^1];
        int nul = span.IndexOf((byte)0);
        if (nul >= 0)
            throw new CorpusFormatException($"{path}:{line}:{CharColumn(span[..nul])}: NUL byte in the text.");
        try
        {
            return Strict.GetString(span);
        }
        catch (DecoderFallbackException e)
        {
            int badByte = e.Index >= 0 ? e.Index : 0;
            throw new CorpusFormatException($"{path}:{line}:{CharColumn(span[..Math.Min(badByte, span.Length)])}: invalid UTF-8 (byte 0x{span[Math.Min(badByte, span.Length - 1)]:X2}).");
        }
    }

    // 1-based character column of the position after the valid prefix.
    static int CharColumn(ReadOnlySpan<byte> prefix)
    {
        int column = 1;
        foreach (var b in prefix) if ((b & 0xC0) != 0x80) column++;
        return column;
    }
}
