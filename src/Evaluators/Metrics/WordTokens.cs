using Microsoft.ML.SemanticContext.Text;

namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>
/// The words of the n-gram metrics and the cluster terms: <see cref="WordScanner"/>'s words, lower-cased, with one
/// filter on top. Words that a single apostrophe joins stay one word ("didn't", "Tom's"), as a reader counts them; an
/// apostrophe at either end of a word ("'cause", "dogs'") is not part of it.
/// </summary>
public static class WordTokens
{
    public static IReadOnlyList<string> Of(string text)
    {
        var tokens = new List<string>();
        int start = 0, end = -1; // the token being read: text[start..end]; end < 0 before the first word
        foreach (var word in WordScanner.Words(text))
        {
            if (end >= 0 && word.Start == end + 1 && text[end] == '\'')
            {
                end = word.End;
                continue;
            }
            if (end >= 0) tokens.Add(text[start..end].ToLowerInvariant());
            (start, end) = (word.Start, word.End);
        }
        if (end >= 0) tokens.Add(text[start..end].ToLowerInvariant());
        return tokens;
    }

    /// <summary>The n-grams of a token list, joined with a space; empty when the list is shorter than n.</summary>
    public static IEnumerable<string> NGrams(IReadOnlyList<string> tokens, int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "An n-gram needs n >= 1.");
        for (var i = 0; i + n <= tokens.Count; i++)
            yield return string.Join(' ', tokens.Skip(i).Take(n));
    }
}
