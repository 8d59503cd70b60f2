using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Reports;

/// <summary>What <see cref="ClusterReport.Build"/> reads and how much it keeps.</summary>
public sealed record ClusterReportOptions
{
    public int TopTerms { get; init; } = 10;
    public int Examples { get; init; } = 5;

    /// <summary>The silhouette is computed on a seeded uniform sample of at most this many chunks (it is O(n²)).</summary>
    public int SilhouetteSample { get; init; } = 2000;

    /// <summary>Per cluster, examples are chosen among a seeded sample of this many chunks (those nearest the cluster mean).</summary>
    public int ExampleCandidates { get; init; } = 200;

    public int Seed { get; init; } = 1;

    public string TextColumn { get; init; } = ColumnNames.Text;
    public string SegmentsColumn { get; init; } = ColumnNames.Segments;

    /// <summary>Chunks whose words are counted for the top terms; the original chunks are used when this column is absent.</summary>
    public string MaskedSegmentsColumn { get; init; } = ColumnNames.MaskedSegments;

    public string EmbeddingsColumn { get; init; } = ColumnNames.Embeddings;
    public string ClusterIdsColumn { get; init; } = ColumnNames.ClusterIds;
}
