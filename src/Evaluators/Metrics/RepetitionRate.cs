namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>
/// Fraction of a text's word 4-grams that already occurred earlier in the same text: an automatic proxy for
/// degenerate looping ("and they played and they played ..."). 0 for a text without repeats.
/// </summary>
public static class RepetitionRate
{
    public const int DefaultN = 4;

    /// <returns>A value in [0, 1); null when the text is shorter than n words, so it says nothing.</returns>
    public static double? Compute(string text, int n = DefaultN)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int total = 0, repeated = 0;
        foreach (var gram in WordTokens.NGrams(WordTokens.Of(text), n))
        {
            total++;
            if (!seen.Add(gram)) repeated++;
        }
        return total == 0 ? null : (double)repeated / total;
    }
}
