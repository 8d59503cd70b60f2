using System.Numerics.Tensors;
using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Mapping;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Transforms.Clustering;

/// <summary>The columns the cluster-token stage reads (text, segments, embeddings) and writes (cluster ids, annotated text).</summary>
public sealed record ClusterTokenColumns(string Text, string Segments, string Embeddings, string ClusterIds, string Annotated);

/// <summary>
/// Assigns every chunk to its nearest centroid and writes <c>text_clusters</c> (one id per chunk) and
/// <c>text_annotated</c> (the original story with a cluster token at each original chunk; see <see cref="ClusterTokens"/>).
/// </summary>
public sealed class ClusterTokenTransformer : RowMappingTransformer
{
    public const string TypeId = "ClusterTokens";
    public const int Version = 1;

    readonly float[] _centroids;      // [K, Dimension]
    readonly float[] _centroidNorms;  // [K]: ‖c‖²

    public ClusterTokenTransformer(IHostEnvironment environment, float[] centroids, int k, int dimension, Placement placement, ClusterTokenColumns columns)
        : base(environment, ClusterTokenEstimator.ComponentName)
    {
        if (!Enum.IsDefined(placement)) throw ClusterTokens.UnknownPlacement(placement);
        if (centroids.Length != k * dimension)
            throw new ArgumentException($"Centroids have {centroids.Length} values, not k · dimension = {k} · {dimension}.");
        _centroids = centroids;
        K = k;
        Dimension = dimension;
        Placement = placement;
        ColumnNames = columns;
        Columns = ColumnsOf(columns);
        _centroidNorms = new float[k];
        for (int c = 0; c < k; c++) _centroidNorms[c] = TensorPrimitives.Dot(Centroid(c), Centroid(c));
    }

    public int K { get; }
    public int Dimension { get; }
    public Placement Placement { get; }
    public ClusterTokenColumns ColumnNames { get; }
    public override StageColumns Columns { get; }

    /// <summary>What ran, for logs and reports, like the other stages' descriptions (the same after a save and load).</summary>
    public string Description =>
        $"built-in K-Means: {K} centroids of {Dimension} dimensions, each chunk to its nearest; tokens {Placement.ToString().ToLowerInvariant()}ed";

    internal static StageColumns ColumnsOf(ClusterTokenColumns columns) => new(ClusterTokenEstimator.ComponentName,
        [new(columns.Text, StoryColumnKind.Text), new(columns.Segments, StoryColumnKind.TextVector), new(columns.Embeddings, StoryColumnKind.SingleVector)],
        [new(columns.ClusterIds, StoryColumnKind.Int32Vector), new(columns.Annotated, StoryColumnKind.Text)]);

    /// <summary>Centroid of cluster <paramref name="cluster"/> (length <see cref="Dimension"/>).</summary>
    public ReadOnlySpan<float> Centroid(int cluster) => _centroids.AsSpan(cluster * Dimension, Dimension);

    /// <summary>The nearest centroid of <paramref name="vector"/> (lowest id on ties).</summary>
    public int Nearest(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
            throw new ArgumentException($"A vector of {vector.Length} dimensions cannot be assigned to centroids of {Dimension}.");
        int best = 0;
        float bestDistance = float.PositiveInfinity;
        for (int c = 0; c < K; c++)
        {
            // ‖x − c‖² − ‖x‖² = ‖c‖² − 2 x·c; ‖x‖² is the same for every centroid.
            float distance = _centroidNorms[c] - 2f * TensorPrimitives.Dot(vector, Centroid(c));
            if (distance < bestDistance) { bestDistance = distance; best = c; }
        }
        return best;
    }

    protected override void MapRow(object[] inputs, object[] outputs, long row)
    {
        var (story, chunks, vectors) = ((string)inputs[0], (string[])inputs[1], (float[])inputs[2]);
        if (vectors.Length != chunks.Length * Dimension)
            throw new InvalidDataException($"{ClusterTokenEstimator.ComponentName}: row {row} has {chunks.Length} chunks in '{ColumnNames.Segments}' but {vectors.Length} values in '{ColumnNames.Embeddings}'; the centroids need {chunks.Length} × {Dimension}.");
        var clusters = new int[chunks.Length];
        for (int i = 0; i < chunks.Length; i++) clusters[i] = Nearest(vectors.AsSpan(i * Dimension, Dimension));
        outputs[0] = clusters;
        outputs[1] = ClusterTokens.Annotate(story, chunks, clusters, Placement, row);
    }

    public override void Save(StageWriter writer)
    {
        writer.Options["k"] = K;
        writer.Options["dimension"] = Dimension;
        writer.Options["placement"] = Placement.ToString();
        writer.Options["textColumn"] = ColumnNames.Text;
        writer.Options["segmentsColumn"] = ColumnNames.Segments;
        writer.Options["embeddingsColumn"] = ColumnNames.Embeddings;
        writer.Options["clusterIdsColumn"] = ColumnNames.ClusterIds;
        writer.Options["annotatedColumn"] = ColumnNames.Annotated;
        writer.WriteTensors("centroids.safetensors", [new NamedTensor("centroids", [K, Dimension], _centroids)]);
    }

    public static ClusterTokenTransformer Load(StageReader reader)
    {
        int k = reader.GetOption<int>("k"), dimension = reader.GetOption<int>("dimension");
        var placementName = reader.GetOption<string>("placement");
        if (!Enum.TryParse<Placement>(placementName, out var placement) || !Enum.IsDefined(placement))
            throw new InvalidDataException($"{reader.Source}: stage '{reader.Folder}' has unknown placement '{placementName}'; expected {string.Join(" or ", Enum.GetNames<Placement>())}.");
        var tensors = reader.ReadTensors("centroids.safetensors");
        if (!tensors.TryGetValue("centroids", out var centroids) || centroids.Shape is not [var rows, var columns] || rows != k || columns != dimension)
            throw new InvalidDataException($"{reader.Source}: '{reader.Folder}/centroids.safetensors' must hold a tensor 'centroids' of shape [{k},{dimension}].");
        var columnsRecord = new ClusterTokenColumns(reader.GetOption<string>("textColumn"), reader.GetOption<string>("segmentsColumn"),
            reader.GetOption<string>("embeddingsColumn"), reader.GetOption<string>("clusterIdsColumn"), reader.GetOption<string>("annotatedColumn"));
        return new ClusterTokenTransformer(reader.Environment, centroids.Data, k, dimension, placement, columnsRecord);
    }
}
