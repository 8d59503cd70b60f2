using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.Transforms.SemanticContext.EmbedSegments(...)</c>.</summary>
public static class EmbeddingCatalog
{
    /// <summary>
    /// One vector per chunk of <paramref name="inputColumnName"/>: the built-in TF-IDF + truncated SVD embedder of
    /// <paramref name="dimension"/> dimensions, fitted on the corpus.
    /// </summary>
    public static StellaEmbeddingEstimator EmbedSegments(this SemanticContextTransforms catalog,
        int dimension = StellaEmbeddingOptions.Defaults.Dimension,
        string inputColumnName = StellaEmbeddingOptions.Defaults.InputColumnName,
        string outputColumnName = StellaEmbeddingOptions.Defaults.OutputColumnName) =>
        new(catalog.Context, new StellaEmbeddingOptions { Dimension = dimension, InputColumnName = inputColumnName, OutputColumnName = outputColumnName });

    /// <summary>One vector per chunk, with every option (including a ready <see cref="ISegmentEmbedder"/>).</summary>
    public static StellaEmbeddingEstimator EmbedSegments(this SemanticContextTransforms catalog, StellaEmbeddingOptions options) =>
        new(catalog.Context, options);
}
