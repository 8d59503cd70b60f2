namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>
/// The words TF-IDF counts: maximal runs of letters, digits and '_' of at least two characters, lower-cased
/// (scikit-learn's default token pattern <c>\b\w\w+\b</c>), so "<unk>" counts as the word "unk".
/// </summary>
public static class WordTokenizer
{
    /// <summary>Calls <paramref name="onWord"/> with each word of <paramref name="text"/>, lower-cased into a reused buffer.</summary>
    public static void ForEachWord(ReadOnlySpan<char> text, WordAction onWord)
    {
        Span<char> buffer = stackalloc char[128];
        int i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i])) { i++; continue; }
            int start = i;
            while (i < text.Length && IsWordChar(text[i])) i++;
            int length = i - start;
            if (length < 2) continue;
            var word = length <= buffer.Length ? buffer[..length] : new char[length];
            text.Slice(start, length).ToLowerInvariant(word);
            onWord(word);
        }
    }

    public delegate void WordAction(ReadOnlySpan<char> word);

    static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
