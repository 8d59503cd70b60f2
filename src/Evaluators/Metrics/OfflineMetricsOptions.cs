namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>Settings of <see cref="OfflineMetricsEvaluator"/>.</summary>
public sealed class OfflineMetricsOptions
{
    /// <summary>
    /// Embedder for prompt similarity; null fits a <see cref="TfidfTextEmbedder"/> on all prompts and completions
    /// of the models evaluated together, so every model is measured with the same vocabulary weights.
    /// </summary>
    public ITextEmbedder? Embedder { get; set; }

    /// <summary>
    /// Optional list of first names (e.g. shared/data/lexicons/makemore_names.txt) for the names proxy, as the mask
    /// stage's names list: a listed name counts even where only a sentence start capitalises it.
    /// </summary>
    public IReadOnlyCollection<string>? KnownNames { get; set; }
}
