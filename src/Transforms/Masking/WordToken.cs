namespace Microsoft.ML.SemanticContext.Transforms.Masking;

/// <summary>
/// A run of letters in a chunk ("Tom's" gives "Tom" and "s"), with whether it may start a sentence: first in the
/// chunk, after a line break, after '.', '!', '?', or after an opening quote (<c>said, "Let's</c>).
/// </summary>
public readonly record struct WordToken(int Start, int Length, bool SentenceInitial, int Previous)
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

    /// <summary>The period of "Mr." / "Dr." does not end a sentence: "Mr. Bear" is a name, not a sentence start.</summary>
    static bool AfterTitleAbbreviation(string chunk, int period, List<WordToken> words)
    {
        if (words.Count == 0 || words[^1].End != period) return false;
        Span<char> buffer = stackalloc char[8];
        var word = words[^1].Text(chunk);
        return word.Length <= buffer.Length && NameEvidence.TitleAbbreviations.Contains(NameModel.Lower(word, buffer).ToString());
    }

    /// <summary>The words of <paramref name="chunk"/>; <see cref="Previous"/> is the index of the word before (-1 for none).</summary>
    public static void Scan(string chunk, List<WordToken> words)
    {
        bool initial = true;
        int i = 0, n = chunk.Length;
        while (i < n)
        {
            char c = chunk[i];
            if (char.IsLetter(c))
            {
                int start = i;
                while (i < n && char.IsLetter(chunk[i])) i++;
                words.Add(new WordToken(start, i - start, initial, words.Count - 1));
                initial = false;
                continue;
            }
            // A straight quote opens a quotation only after whitespace; '"Hi," Tom said' keeps Tom mid-sentence.
            bool opensQuote = c == '“' || (c == '"' && (i == 0 || char.IsWhiteSpace(chunk[i - 1])));
            if (opensQuote || c is '!' or '?' or '\n' or '…' or ':' || (c == '.' && !AfterTitleAbbreviation(chunk, i, words))) initial = true;
            else if (char.IsDigit(c)) initial = false;
            i++;
        }
    }
}
