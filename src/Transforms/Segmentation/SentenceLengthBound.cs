namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// Keeps every sentence within a word and character budget, whatever the splitter found: text without punctuation
/// would otherwise become one giant chunk. A long sentence is cut into near-equal parts at whitespace, preferring a
/// word that ends with a comma, semicolon or colon near the cut; a single word longer than the character budget is
/// cut inside (the separator between such parts is empty, so rebuilding the story stays exact).
/// </summary>
public static class SentenceLengthBound
{
    /// <summary>Replaces the spans in <paramref name="sentences"/> from <paramref name="from"/> on by bounded ones.</summary>
    public static void Apply(string text, List<SentenceSpan> sentences, int from, int maxWords, int maxChars)
    {
        for (int s = from; s < sentences.Count; s++)
        {
            var span = sentences[s];
            if (span.Length <= maxChars && CountWords(text, span, maxWords + 1) <= maxWords) continue;
            var parts = new List<SentenceSpan>();
            Cut(text, span, maxWords, maxChars, parts);
            sentences.RemoveAt(s);
            sentences.InsertRange(s, parts);
            s += parts.Count - 1;
        }
    }

    static int CountWords(string text, SentenceSpan span, int stopAt)
    {
        int words = 0;
        bool inWord = false;
        for (int i = span.Start; i < span.End; i++)
        {
            bool space = char.IsWhiteSpace(text[i]);
            if (!space && !inWord && ++words >= stopAt) return words;
            inWord = !space;
        }
        return words;
    }

    static void Cut(string text, SentenceSpan span, int maxWords, int maxChars, List<SentenceSpan> parts)
    {
        // Word boundaries of the sentence: (start, end) of each whitespace-delimited word.
        var words = new List<(int Start, int End)>();
        for (int i = span.Start; i < span.End;)
        {
            while (i < span.End && char.IsWhiteSpace(text[i])) i++;
            int start = i;
            while (i < span.End && !char.IsWhiteSpace(text[i])) i++;
            if (i > start) words.Add((start, i));
        }
        int pieces = Math.Max(1, (words.Count + maxWords - 1) / maxWords);
        int first = 0;
        for (int done = 0; first < words.Count; done++)
        {
            // Near-equal parts: spread what is left over the parts still to come (never more than maxWords each).
            int left = words.Count - first;
            int partsLeft = Math.Max(pieces - done, (left + maxWords - 1) / maxWords); // an early cut may need one more part
            int target = (left + partsLeft - 1) / partsLeft;
            int last = Math.Min(words.Count, first + target) - 1;
            if (last < words.Count - 1)
            {
                // Prefer a pause within the last quarter of the part.
                for (int k = last; k > first + target * 3 / 4; k--)
                    if (text[words[k].End - 1] is ',' or ';' or ':') { last = k; break; }
            }
            // Shrink the part until it also fits the character budget (at least one word stays).
            while (last > first && words[last].End - words[first].Start > maxChars) last--;
            AddWithinChars(text, words[first].Start, words[last].End, maxChars, parts);
            first = last + 1;
        }
    }

    static void AddWithinChars(string text, int start, int end, int maxChars, List<SentenceSpan> parts)
    {
        while (end - start > maxChars)
        {
            int cut = start + maxChars;
            if (char.IsLowSurrogate(text[cut])) cut--; // never split a surrogate pair
            parts.Add(new SentenceSpan(start, cut - start));
            start = cut;
        }
        parts.Add(new SentenceSpan(start, end - start));
    }
}
