using System.Globalization;
using System.Text;

namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// GPT-2's pre-tokeniser, written as a character scanner instead of a regular expression for speed. It splits
/// text exactly where this expression (OpenAI's encoder.py, as run by JavaScript's engine in the reference
/// encoder) would:
/// <code>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</code>
/// Letters and numbers are judged per code point (surrogate pairs included). Whitespace is JavaScript's
/// <c>\s</c>: U+0009–U+000D, U+2028, U+2029, U+FEFF and the space separators (Zs). That differs from .NET's
/// <see cref="char.IsWhiteSpace(char)"/> at U+0085 (not whitespace here) and U+FEFF (whitespace here).
/// </summary>
internal static class Gpt2PreTokenizer
{
    const byte Other = 0, Letter = 1, Number = 2, Space = 3, Surrogate = 4;

    /// <summary>Class of every UTF-16 code unit; surrogates are resolved per code point when met.</summary>
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
        if (c == ' ' && start + 1 < text.Length && (cls = ClassAt(text, start + 1, out _)) != Space)
        {
            runStart = start + 1;                     // " ?" joins one leading space to a letter, number or symbol run
        }
        else
        {
            cls = ClassAt(text, start, out _);
        }

        var end = RunEnd(text, runStart, cls);
        if (cls != Space || end == text.Length) return end;
        // "\s+(?!\S)" leaves the last whitespace of a run to prefix the next word; a single whitespace before
        // a non-space falls through to "\s+" and stands alone.
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

    /// <summary>End of the run of code points of class <paramref name="cls"/> starting at <paramref name="start"/>.</summary>
    static int RunEnd(ReadOnlySpan<char> text, int start, byte cls)
    {
        var i = start;
        while (i < text.Length)
        {
            var c = ClassOfChar[text[i]];
            if (c == cls) { i++; continue; }
            if (c != Surrogate || ClassAt(text, i, out var width) != cls) break;
            i += width;
        }
        return i;
    }

    static byte ClassAt(ReadOnlySpan<char> text, int index, out int width)
    {
        var cls = ClassOfChar[text[index]];
        width = 1;
        if (cls != Surrogate) return cls;
        // A lone surrogate decodes as U+FFFD (a symbol), matching the reference's treatment of it as "other".
        Rune.DecodeFromUtf16(text[index..], out var rune, out width);
        return ClassOfCategory(Rune.GetUnicodeCategory(rune));
    }

    static byte[] BuildClassTable()
    {
        var table = new byte[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            table[c] = char.IsSurrogate((char)c) ? Surrogate
                : IsJavaScriptWhitespace((char)c) ? Space
                : ClassOfCategory(CharUnicodeInfo.GetUnicodeCategory((char)c));
        }
        return table;
    }

    static bool IsJavaScriptWhitespace(char c) =>
        c is >= '\t' and <= '\r' or '\u2028' or '\u2029' or '\uFEFF'
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;

    static byte ClassOfCategory(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Letter,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Number,
        UnicodeCategory.SpaceSeparator => Space,
        _ => Other,
    };
}
