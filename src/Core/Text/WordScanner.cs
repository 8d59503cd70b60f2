using System.Text;

namespace Microsoft.ML.SemanticContext.Text;

/// <summary>
/// The project's one definition of a word: a maximal run of word characters, which are letters, numbers and '_'.
/// That is what Python's regular expressions call <c>\w</c>, so these are the words scikit-learn's token pattern
/// <c>\b\w\w+\b</c> reads. Everything else separates words: white space, punctuation, apostrophes ("Tom's" is
/// "Tom" and "s"), symbols, emoji and combining marks.
/// </summary>
/// <remarks>
/// Consumers whose words must differ add a documented filter on top rather than scanning again: TF-IDF keeps the
/// words of two or more characters, lower-cased (<c>TfidfVocabulary</c>); the name masker reads the separators for
/// sentence starts and ignores words that open with a digit or '_' (<c>WordToken</c>); the n-gram metrics join
/// words across an inner apostrophe ("didn't", <c>WordTokens</c>).
/// </remarks>
public static class WordScanner
{
    /// <summary>The words of <paramref name="text"/>, left to right: <c>foreach (var word in WordScanner.Words(text))</c>.</summary>
    public static Enumerator Words(ReadOnlySpan<char> text) => new(text);

    /// <summary>Letters (Lu, Ll, Lt, Lm, Lo), numbers (Nd, Nl, No) and '_': Python's <c>str.isalnum()</c> or '_'.</summary>
    public static bool IsWordCharacter(Rune character) => Rune.IsLetter(character) || Rune.IsNumber(character) || character.Value == '_';

    /// <summary>
    /// <paramref name="word"/> lower-cased (invariant culture) into <paramref name="buffer"/>, or into a new array when
    /// it does not fit, so that callers can look words up without allocating a string for each.
    /// </summary>
    public static ReadOnlySpan<char> ToLower(ReadOnlySpan<char> word, Span<char> buffer)
    {
        var lower = word.Length <= buffer.Length ? buffer[..word.Length] : new char[word.Length];
        word.ToLowerInvariant(lower);
        return lower;
    }

    /// <summary>Whether a word character starts at <paramref name="i"/>, and how many UTF-16 units that character takes.</summary>
    static bool WordCharacterAt(ReadOnlySpan<char> text, int i, out int width)
    {
        char c = text[i];
        if (!char.IsSurrogate(c))
        {
            width = 1;
            return char.IsLetter(c) || char.IsNumber(c) || c == '_';
        }
        // A character outside the Basic Multilingual Plane ("𝐀" is a letter); a lone surrogate decodes as U+FFFD, a separator.
        Rune.DecodeFromUtf16(text[i..], out var rune, out width);
        return IsWordCharacter(rune);
    }

    /// <summary>Finds one word at a time, without allocating.</summary>
    public ref struct Enumerator
    {
        readonly ReadOnlySpan<char> _text;
        int _next;

        internal Enumerator(ReadOnlySpan<char> text) => _text = text;

        public WordSpan Current { get; private set; }

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            int i = _next, width = 0;
            while (i < _text.Length && !WordCharacterAt(_text, i, out width)) i += width;
            if (i >= _text.Length)
            {
                _next = i;
                return false;
            }
            int start = i, characters = 0;
            while (i < _text.Length && WordCharacterAt(_text, i, out width))
            {
                i += width;
                characters++;
            }
            Current = new WordSpan(start, i - start, characters);
            _next = i;
            return true;
        }
    }
}
