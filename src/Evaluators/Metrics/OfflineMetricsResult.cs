using Microsoft.ML.SemanticContext.Evaluators.Statistics;

namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>Per-sample offline metrics; null where the metric does not apply (too short, no names, empty text).</summary>
public sealed record OfflineSampleMetrics(string Id, double? Repetition, double? PromptSimilarity, double? NamesCarried);

/// <summary>One model's offline metrics (see <see cref="OfflineMetricInfo"/> for what each means; all are automatic proxies).</summary>
/// <param name="HeldOutPerplexity">Null when no perplexity was supplied for this model.</param>
/// <param name="Embedder">Which embedder produced <see cref="PromptSimilarity"/>.</param>
public sealed record OfflineMetricsResult(
    string Model,
    double? HeldOutPerplexity,
    double Distinct1,
    double Distinct2,
    double Distinct3,
    ScoreSummary Repetition,
    ScoreSummary PromptSimilarity,
    ScoreSummary NamesCarried,
    string Embedder,
    IReadOnlyList<OfflineSampleMetrics> Samples);
