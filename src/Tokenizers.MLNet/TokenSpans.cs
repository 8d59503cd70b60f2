namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// Where each token of an encoded text lies in that text, in UTF-16 units, and where a token count may cut it.
/// A token covers the characters its bytes belong to: one that starts or ends inside a character's UTF-8 bytes
/// takes the whole character, so the tokens of one character (an emoji is often two or three) share its range.
/// These are Microsoft.ML.Tokenizers' conventions for <c>EncodedToken.Offset</c> and for truncation.
/// </summary>
internal static class TokenSpans
{
    /// <summary>Fills <paramref name="spans"/> with each token's [Start, End) in <paramref name="text"/>, whose encoding is <paramref name="ids"/>.</summary>
    public static void Locate(ByteLevelBpeTokenizer engine, ReadOnlySpan<char> text, ReadOnlySpan<int> ids, Span<(int Start, int End)> spans)
    {
        // Walk the text's characters and the tokens' bytes side by side: the character [charStart, charEnd) holds
        // bytes [charByte, charByte + charBytes) of the text's encoding.
        int charStart = 0, charEnd = 0, charByte = 0, charBytes = 0;
        var tokenByte = 0;
        for (var t = 0; t < ids.Length; t++)
        {
            var lastByte = tokenByte + engine.GetTokenBytes(ids[t]).Length - 1;
            var start = -1;
            while (true)
            {
                if (start < 0 && tokenByte < charByte + charBytes) start = charStart;
                if (lastByte < charByte + charBytes) break;
                charByte += charBytes;
                charStart = charEnd;
                (charBytes, var chars) = Width(text, charStart);
                charEnd = charStart + chars;
            }
            spans[t] = (start, charEnd);
            tokenByte = lastByte + 1;
        }
    }

    /// <summary>
    /// How many of the first tokens fit in <paramref name="maxTokens"/> without parting tokens that share a character,
    /// and the text they cover (Microsoft.ML.Tokenizers' rule: a group of tokens that overlap the current token's end
    /// is taken whole or not at all).
    /// </summary>
    public static (int Count, int CharsConsumed) FromStart(ReadOnlySpan<(int Start, int End)> spans, int maxTokens)
    {
        var count = 0;
        while (count < spans.Length && count < maxTokens)
        {
            var groupEnd = count + 1;
            while (groupEnd < spans.Length && spans[groupEnd].Start < spans[count].End) groupEnd++;
            if (groupEnd > maxTokens) break;
            count = groupEnd;
        }
        return (count, count == 0 ? 0 : spans[count - 1].End);
    }

    /// <summary>How many of the last tokens fit in <paramref name="maxTokens"/> without parting tokens that share a character, and where they start.</summary>
    public static (int Count, int Index) FromEnd(ReadOnlySpan<(int Start, int End)> spans, int maxTokens, int textLength)
    {
        if (spans.Length <= maxTokens) return (spans.Length, 0);
        var first = spans.Length - maxTokens;
        while (first < spans.Length && spans[first].Start < spans[first - 1].End) first++;
        return (spans.Length - first, first == spans.Length ? textLength : spans[first].Start);
    }

    /// <summary>UTF-8 bytes and UTF-16 units of the character at <paramref name="index"/>, as the engine encodes it (a lone surrogate is three bytes).</summary>
    static (int Bytes, int Chars) Width(ReadOnlySpan<char> text, int index)
    {
        var c = text[index];
        if (c < 0x80) return (1, 1);
        if (c < 0x800) return (2, 1);
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1])) return (4, 2);
        return (3, 1);
    }
}
