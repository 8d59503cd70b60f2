using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.Transforms.SemanticContext.EmbedSegments(...)</c>.</summary>
public static class EmbeddingCatalog
{
    /// <summary>
    /// One vector per chunk of <paramref name="inputColumnName"/>: the built-in TF-IDF + truncated SVD embedder of
    /// <paramref name="dimension"/> dimensions, fitted on the corpus.
    /// </summary>
    public static SegmentEmbeddingEstimator EmbedSegments(this SemanticContextTransforms catalog,
        int dimension = SegmentEmbeddingOptions.Defaults.Dimension,
        string inputColumnName = SegmentEmbeddingOptions.Defaults.InputColumnName,
        string outputColumnName = SegmentEmbeddingOptions.Defaults.OutputColumnName) =>
        new(catalog.Environment, new SegmentEmbeddingOptions { Dimension = dimension, InputColumnName = inputColumnName, OutputColumnName = outputColumnName });

    /// <summary>One vector per chunk, with every option (including a ready <see cref="ISegmentEmbedder"/>).</summary>
    public static SegmentEmbeddingEstimator EmbedSegments(this SemanticContextTransforms catalog, SegmentEmbeddingOptions options) =>
        new(catalog.Environment, options);
}
