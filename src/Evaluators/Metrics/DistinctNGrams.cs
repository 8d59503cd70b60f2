namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>
/// distinct-n (Li et al., 2016): distinct n-grams divided by all n-grams over a model's completions, pooled.
/// An automatic proxy for diversity: 1 means no n-gram repeats anywhere, values near 0 mean the model
/// keeps writing the same phrases.
/// </summary>
public static class DistinctNGrams
{
    /// <returns>The ratio in [0, 1]; 0 when the texts hold no n-gram at all.</returns>
    public static double Compute(IEnumerable<string> texts, int n)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var text in texts)
            foreach (var gram in WordTokens.NGrams(WordTokens.Of(text), n))
            {
                seen.Add(gram);
                total++;
            }
        return total == 0 ? 0 : (double)seen.Count / total;
    }
}
