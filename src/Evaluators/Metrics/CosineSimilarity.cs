namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

public static class CosineSimilarity
{
    /// <returns>cos(a, b) in [-1, 1]; null when either vector is all zeros (e.g. an empty text), since no angle exists.</returns>
    public static double? Compute(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Cosine similarity needs vectors of one length; got {a.Length} and {b.Length}.");
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return na == 0 || nb == 0 ? null : dot / Math.Sqrt(na * nb);
    }
}
