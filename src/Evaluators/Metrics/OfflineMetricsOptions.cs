namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>Settings of <see cref="OfflineMetricsEvaluator"/>.</summary>
public sealed class OfflineMetricsOptions
{
    public static class Defaults
    {
        /// <summary>Hashed dimensions of the default TF-IDF embedder: few enough collisions for story-sized vocabularies.</summary>
        public const int EmbeddingDimensions = 4096;
    }

    /// <summary>
    /// Embedder for prompt similarity; null fits a <see cref="HashedTfIdfEmbedder"/> on all prompts and completions
    /// of the models evaluated together, so every model is measured with the same vocabulary weights.
    /// </summary>
    public ITextEmbedder? Embedder { get; set; }

    /// <summary>Optional list of first names (e.g. shared/data/lexicons/makemore_names.txt) that also catches names opening a sentence.</summary>
    public IReadOnlyCollection<string>? KnownNames { get; set; }

    /// <summary>Dimensions of the default hashed TF-IDF embedder.</summary>
    public int EmbeddingDimensions { get; set; } = Defaults.EmbeddingDimensions;
}
