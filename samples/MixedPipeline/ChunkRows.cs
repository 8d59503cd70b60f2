using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;

namespace MixedPipeline;

/// <summary>What the sample reads of each annotated story: its masked chunks, their vectors and their cluster ids.</summary>
public sealed class StoryChunks
{
    [ColumnName(ColumnNames.MaskedSegments)] public string[] Masked { get; set; } = [];

    /// <summary>The chunks' vectors one after another: chunks × d values.</summary>
    [ColumnName(ColumnNames.Embeddings)] public float[] Embeddings { get; set; } = [];

    [ColumnName(ColumnNames.ClusterIds)] public int[] Clusters { get; set; } = [];
}

/// <summary>One chunk as a row of its own, the shape ML.NET's trainers read: a text and one fixed-size vector.</summary>
public sealed class Chunk
{
    public string Text { get; set; } = "";

    /// <summary>Its size (the embedder's d) is set in a SchemaDefinition, because d is known only once the embedder is fitted.</summary>
    public float[] Embedding { get; set; } = [];

    /// <summary>The cluster AssignClusterTokens gave it, for the comparison.</summary>
    public int ProjectCluster { get; set; }
}

/// <summary>ML.NET's KMeans output: the cluster as a key, 1 to k.</summary>
public sealed class ChunkPrediction
{
    public uint PredictedLabel { get; set; }
}
