namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>How a piece of text ends, as far as sentence boundaries are concerned.</summary>
public enum Terminator : byte
{
    None,

    /// <summary>One full stop: a sentence end or an abbreviation; the boundary model decides.</summary>
    Period,

    /// <summary>"..", "..." or "…": a pause or a sentence end.</summary>
    Ellipsis,

    /// <summary>Any run containing '!' or '?' ("?!", "!!", "?.").</summary>
    Strong,
}

/// <summary>
/// One whitespace-delimited piece of a story, split into leading openers, the word ("core"), a terminator and
/// closing quotes/brackets: <c>"Yes!"</c> has an opener, core <c>Yes</c>, a strong terminator and a closer.
/// </summary>
public readonly struct TextPiece
{
    public int Start { get; init; }
    public int End { get; init; }
    public int CoreStart { get; init; }
    public int CoreEnd { get; init; }
    public Terminator Terminator { get; init; }

    /// <summary>A closing quote or bracket follows the terminator (or the pause), e.g. <c>you?"</c>, <c>go,"</c>.</summary>
    public bool HasCloser { get; init; }

    /// <summary>The piece starts with an opening quote or bracket.</summary>
    public bool OpensQuote { get; init; }

    /// <summary>The word is followed by a comma, semicolon or colon.</summary>
    public bool EndsWithPause { get; init; }

    /// <summary>The whitespace before this piece holds a line break (a paragraph break always ends a sentence).</summary>
    public bool LineBreakBefore { get; init; }

    public int CoreLength => CoreEnd - CoreStart;

    public ReadOnlySpan<char> Core(string text) => text.AsSpan(CoreStart, CoreEnd - CoreStart);

    /// <summary>The case of the first letter of the word: +1 upper, -1 lower, 0 none (digits, punctuation).</summary>
    public int FirstCase(string text)
    {
        foreach (char c in Core(text))
        {
            if (char.IsUpper(c)) return 1;
            if (char.IsLower(c)) return -1;
            if (char.IsLetter(c)) return 0;
        }
        return 0;
    }
}

/// <summary>Cuts a text into <see cref="TextPiece"/>s at whitespace.</summary>
public static class TextPieces
{
    public static bool IsCloser(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '}' or '»';

    public static bool IsOpener(char c) => c is '"' or '\'' or '“' or '‘' or '(' or '[' or '{' or '«';

    static bool IsTerminatorChar(char c) => c is '.' or '!' or '?' or '…';

    /// <summary>Appends the pieces of <paramref name="text"/> to <paramref name="pieces"/>.</summary>
    public static void Scan(string text, List<TextPiece> pieces)
    {
        int i = 0, n = text.Length;
        while (i < n)
        {
            bool lineBreak = false;
            while (i < n && char.IsWhiteSpace(text[i]))
            {
                if (text[i] == '\n' || text[i] == '\r') lineBreak = true;
                i++;
            }
            if (i >= n) break;
            int start = i;
            while (i < n && !char.IsWhiteSpace(text[i])) i++;
            pieces.Add(Analyse(text, start, i, lineBreak));
        }
    }

    static TextPiece Analyse(string text, int start, int end, bool lineBreak)
    {
        int e = end;
        bool closer = false;
        while (e > start && IsCloser(text[e - 1])) { e--; closer = true; }
        int termEnd = e;
        bool strong = false, ellipsis = false;
        while (e > start && IsTerminatorChar(text[e - 1]))
        {
            e--;
            if (text[e] is '!' or '?') strong = true;
            else if (text[e] == '…') ellipsis = true;
        }
        int termLength = termEnd - e;
        var terminator = termLength == 0 ? Terminator.None
            : strong ? Terminator.Strong
            : ellipsis || termLength > 1 ? Terminator.Ellipsis
            : Terminator.Period;
        bool pause = false;
        if (terminator == Terminator.None)
        {
            while (e > start && text[e - 1] is ',' or ';' or ':') { e--; pause = true; }
            // Closers may also sit before the pause ('"Hi", said Tom'); they still close a quotation.
            while (e > start && IsCloser(text[e - 1])) { e--; closer = true; }
        }
        int s = start;
        bool opens = false;
        while (s < e && !char.IsLetterOrDigit(text[s]))
        {
            if (IsOpener(text[s])) opens = true;
            s++;
        }
        return new TextPiece
        {
            Start = start, End = end, CoreStart = s, CoreEnd = Math.Max(s, e), Terminator = terminator,
            HasCloser = closer, OpensQuote = opens, EndsWithPause = pause, LineBreakBefore = lineBreak,
        };
    }
}
