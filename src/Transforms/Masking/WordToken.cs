using Microsoft.ML.SemanticContext.Text;

namespace Microsoft.ML.SemanticContext.Transforms.Masking;

/// <summary>
/// A word of a chunk as the name masker reads it (<see cref="WordScanner"/>'s words, so "Tom's" gives "Tom" and
/// "s"), with whether it may start a sentence: first in the chunk, or after a line break, '.', '!', '?', '…', ':' or
/// an opening quote (<c>said, "Let's</c>).
/// </summary>
public readonly record struct WordToken(int Start, int Length, bool SentenceInitial)
{
    public int End => Start + Length;

    public ReadOnlySpan<char> Text(string chunk) => chunk.AsSpan(Start, Length);

    public bool IsCapitalised(string chunk) => char.IsUpper(chunk[Start]);

    /// <summary>All letters upper-case and more than one ("TV", "OK"): an acronym, not a name.</summary>
    public bool IsAllCaps(string chunk)
    {
        if (Length < 2) return false;
        foreach (char c in Text(chunk)) if (!char.IsUpper(c)) return false;
        return true;
    }

    /// <summary>
    /// Appends the words of <paramref name="chunk"/> to <paramref name="words"/>. The masker's filter on the shared
    /// words: one that opens with a number or '_' ("3", "42x") is never a name or a pronoun, so it is left out, but
    /// it still takes the sentence start ("In 1990 Tom left": Tom is mid-sentence).
    /// </summary>
    public static void Scan(string chunk, List<WordToken> words)
    {
        bool initial = true;
        int gap = 0; // where the text between the previous word and the next one starts
        foreach (var word in WordScanner.Words(chunk))
        {
            for (int i = gap; i < word.Start; i++)
                if (MayStartSentenceAfter(chunk, i, words)) initial = true;
            char first = chunk[word.Start];
            if (!char.IsNumber(first) && first != '_') words.Add(new WordToken(word.Start, word.Length, initial));
            initial = false;
            gap = word.End;
        }
    }

    /// <summary>Whether the separator at <paramref name="i"/> lets the next word start a sentence.</summary>
    static bool MayStartSentenceAfter(string chunk, int i, List<WordToken> words)
    {
        char c = chunk[i];
        // A straight quote opens a quotation only after whitespace; '"Hi," Tom said' keeps Tom mid-sentence.
        bool opensQuote = c == '“' || (c == '"' && (i == 0 || char.IsWhiteSpace(chunk[i - 1])));
        return opensQuote || c is '!' or '?' or '\n' or '…' or ':' || (c == '.' && !AfterTitleAbbreviation(chunk, i, words));
    }

    /// <summary>The period of "Mr." / "Dr." does not end a sentence: "Mr. Bear" is a name, not a sentence start.</summary>
    static bool AfterTitleAbbreviation(string chunk, int period, List<WordToken> words)
    {
        if (words.Count == 0 || words[^1].End != period) return false;
        Span<char> buffer = stackalloc char[8];
        var word = words[^1].Text(chunk);
        return word.Length <= buffer.Length
            && NameEvidence.TitleAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>().Contains(WordScanner.ToLower(word, buffer));
    }
}
