using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>Options of <see cref="SegmentEmbeddingEstimator"/>; defaults come from <see cref="Defaults"/>.</summary>
public sealed class SegmentEmbeddingOptions
{
    public static class Defaults
    {
        public const string InputColumnName = ColumnNames.MaskedSegments;
        public const string OutputColumnName = ColumnNames.Embeddings;
        public const int Dimension = 256;
        public const int MinDocumentFrequency = 2;
        public const int Oversamples = 10;
        public const int PowerIterations = 5;
        public const int MaxFitChunks = 500_000;
    }

    /// <summary>Chunks to embed (<c>string[]</c> per story), normally the masked copy.</summary>
    public string InputColumnName { get; set; } = Defaults.InputColumnName;

    /// <summary>Output column: one vector per chunk (<c>float[][]</c>).</summary>
    public string OutputColumnName { get; set; } = Defaults.OutputColumnName;

    /// <summary>
    /// A ready-made embedder (e.g. Stella through ONNX, registered in <see cref="SegmentEmbedders.Registry"/>) used as
    /// is; when null the built-in TF-IDF + truncated SVD embedder is fitted on the corpus.
    /// </summary>
    public ISegmentEmbedder? Embedder { get; set; }

    /// <summary>Vector length of the built-in embedder (capped by the vocabulary size and the number of chunks).</summary>
    public int Dimension { get; set; } = Defaults.Dimension;

    /// <summary>A word enters the built-in vocabulary when it occurs in at least this many chunks.</summary>
    public int MinDocumentFrequency { get; set; } = Defaults.MinDocumentFrequency;

    /// <summary>Extra random directions of the randomized SVD beyond <see cref="Dimension"/>.</summary>
    public int Oversamples { get; set; } = Defaults.Oversamples;

    /// <summary>Power (subspace) iterations of the randomized SVD; more is more accurate and slower.</summary>
    public int PowerIterations { get; set; } = Defaults.PowerIterations;

    /// <summary>The built-in embedder is fitted on at most this many chunks (the first ones), bounding memory on huge corpora.</summary>
    public int MaxFitChunks { get; set; } = Defaults.MaxFitChunks;

    /// <summary>Seed of the randomized SVD; null draws one from the context when the estimator is created.</summary>
    public int? Seed { get; set; }
}
