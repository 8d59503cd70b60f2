using Microsoft.ML.SemanticContext.Evaluators.Metrics;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.TextGeneration.Evaluators.OfflineMetrics(...)</c>: the automatic proxy metrics that need no judge.</summary>
public static class OfflineMetricsCatalog
{
    /// <param name="embedder">Embedder for prompt similarity; null fits the built-in TF-IDF (<see cref="TfidfTextEmbedder"/>) on the evaluated texts.</param>
    /// <param name="knownNames">Optional first-name list that also catches names opening a sentence (as the mask stage's names list).</param>
    public static OfflineMetricsEvaluator OfflineMetrics(this TextGenerationEvaluators catalog, ITextEmbedder? embedder = null, IReadOnlyCollection<string>? knownNames = null) =>
        new(new OfflineMetricsOptions { Embedder = embedder, KnownNames = knownNames });

    public static OfflineMetricsEvaluator OfflineMetrics(this TextGenerationEvaluators catalog, OfflineMetricsOptions options) =>
        new(options ?? throw new ArgumentNullException(nameof(options)));
}
