using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Clustering;

/// <summary>Options of <see cref="ClusterTokenEstimator"/>; defaults come from <see cref="Defaults"/>.</summary>
public sealed class ClusterTokenOptions
{
    public static class Defaults
    {
        public const int K = 5;
        public const Placement Placement = SemanticContext.Placement.Prepend;
        public const int Restarts = 10;
        public const int MaxIterations = 300;
        public const double Tolerance = 1e-4;
        public const int MiniBatchSize = 1024;
        public const int MaxFitChunks = 250_000;
        public const string TextColumnName = ColumnNames.Text;
        public const string SegmentsColumnName = ColumnNames.Segments;
        public const string EmbeddingsColumnName = ColumnNames.Embeddings;
        public const string ClusterIdsColumnName = ColumnNames.ClusterIds;
        public const string AnnotatedColumnName = ColumnNames.Annotated;
    }

    /// <summary>Number of clusters, i.e. of distinct tokens <c>&lt;cluster_0&gt;</c> … <c>&lt;cluster_{k-1}&gt;</c>.</summary>
    public int K { get; set; } = Defaults.K;

    public Placement Placement { get; set; } = Defaults.Placement;

    /// <summary>K-Means restarts (k-means++ initialisations); the lowest inertia wins.</summary>
    public int Restarts { get; set; } = Defaults.Restarts;

    public int MaxIterations { get; set; } = Defaults.MaxIterations;

    /// <summary>Relative convergence tolerance (see <see cref="KMeansOptions.Tolerance"/>).</summary>
    public double Tolerance { get; set; } = Defaults.Tolerance;

    /// <summary>Mini-batch K-Means (for corpora of millions of chunks) instead of full Lloyd iterations.</summary>
    public bool MiniBatch { get; set; }

    public int MiniBatchSize { get; set; } = Defaults.MiniBatchSize;

    /// <summary>K-Means is fitted on at most this many chunks (the first ones); every chunk is still annotated.</summary>
    public int MaxFitChunks { get; set; } = Defaults.MaxFitChunks;

    /// <summary>K-Means seed; null draws one from the context when the estimator is created.</summary>
    public int? Seed { get; set; }

    /// <summary>The original story, into which tokens are inserted.</summary>
    public string TextColumnName { get; set; } = Defaults.TextColumnName;

    /// <summary>The original chunks (substrings of the story, in order).</summary>
    public string SegmentsColumnName { get; set; } = Defaults.SegmentsColumnName;

    /// <summary>One vector per chunk, clustered.</summary>
    public string EmbeddingsColumnName { get; set; } = Defaults.EmbeddingsColumnName;

    public string ClusterIdsColumnName { get; set; } = Defaults.ClusterIdsColumnName;

    public string AnnotatedColumnName { get; set; } = Defaults.AnnotatedColumnName;
}
