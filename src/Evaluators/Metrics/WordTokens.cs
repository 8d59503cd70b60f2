using System.Text.RegularExpressions;

namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>Lower-cased word tokens (letters, digits, inner apostrophes) shared by the n-gram metrics.</summary>
public static partial class WordTokens
{
    public static IReadOnlyList<string> Of(string text) =>
        Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).ToList();

    /// <summary>The n-grams of a token list, joined with a space; empty when the list is shorter than n.</summary>
    public static IEnumerable<string> NGrams(IReadOnlyList<string> tokens, int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "An n-gram needs n >= 1.");
        for (var i = 0; i + n <= tokens.Count; i++)
            yield return string.Join(' ', tokens.Skip(i).Take(n));
    }

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}]*(?:'\p{L}+)?|\p{N}+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
