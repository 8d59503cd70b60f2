using System.Globalization;

namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// GPT-2's pre-tokeniser, written as a character scanner instead of a regular expression for speed. It splits
/// text exactly where GPT-2's expression does as Microsoft.ML.Tokenizers' <c>TiktokenTokenizer</c> runs it
/// (OpenAI's encoder.py pattern, with tiktoken's rewrite of the whitespace tail):
/// <code>'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+$|\s+(?!\S)|\s</code>
/// <c>\s</c> is Unicode White_Space (<see cref="char.IsWhiteSpace(char)"/>: U+0085 and U+00A0 are whitespace,
/// U+FEFF and U+180E are not). Classes are judged per UTF-16 code unit, as .NET's regular expressions do: a
/// surrogate, paired or lone, is neither a letter nor a number, so a character outside the BMP always falls in
/// the symbol class (<c>"x𝐀't"</c> splits into <c>"x"</c>, <c>"𝐀'"</c>, <c>"t"</c>, where tiktoken's
/// code-point engine would make <c>"x𝐀"</c>, <c>"'t"</c>).
/// </summary>
internal static class Gpt2PreTokenizer
{
    const byte Other = 0, Letter = 1, Number = 2, Space = 3;

    /// <summary>Class of every UTF-16 code unit.</summary>
    static readonly byte[] ClassOfChar = BuildClassTable();

    /// <summary>Returns the end (exclusive) of the piece that starts at <paramref name="start"/>.</summary>
    public static int NextPieceEnd(ReadOnlySpan<char> text, int start)
    {
        var c = text[start];
        if (c == '\'' && start + 1 < text.Length)
        {
            var contraction = ContractionLength(text[(start + 1)..]);
            if (contraction > 0) return start + 1 + contraction;
        }

        var runStart = start;
        byte cls;
        if (c == ' ' && start + 1 < text.Length && (cls = ClassOfChar[text[start + 1]]) != Space)
        {
            runStart = start + 1;                     // " ?" joins one leading space to a letter, number or symbol run
        }
        else
        {
            cls = ClassOfChar[c];
        }

        var end = RunEnd(text, runStart, cls);
        if (cls != Space || end == text.Length) return end;
        // "\s+(?!\S)" leaves the last whitespace of a run to prefix the next word; a single whitespace before
        // a non-space falls through to "\s" and stands alone.
        return end - start >= 2 ? end - 1 : end;
    }

    /// <summary>Length after the apostrophe of 's 't 're 've 'm 'll 'd (case-sensitive), or 0.</summary>
    static int ContractionLength(ReadOnlySpan<char> afterApostrophe)
    {
        var a = afterApostrophe[0];
        if (a is 's' or 't' or 'm' or 'd') return 1;
        if (afterApostrophe.Length < 2) return 0;
        var b = afterApostrophe[1];
        return (a, b) is ('r', 'e') or ('v', 'e') or ('l', 'l') ? 2 : 0;
    }

    /// <summary>End of the run of code units of class <paramref name="cls"/> starting at <paramref name="start"/>.</summary>
    static int RunEnd(ReadOnlySpan<char> text, int start, byte cls)
    {
        var i = start;
        while (i < text.Length && ClassOfChar[text[i]] == cls) i++;
        return i;
    }

    static byte[] BuildClassTable()
    {
        var table = new byte[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            table[c] = char.IsWhiteSpace((char)c) ? Space : CharUnicodeInfo.GetUnicodeCategory((char)c) switch
            {
                UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                    or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Letter,
                UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Number,
                _ => Other,
            };
        }
        return table;
    }
}
