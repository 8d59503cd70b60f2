using System.Numerics.Tensors;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Transforms.Clustering;

/// <summary>The columns the cluster-token stage reads (text, segments, embeddings) and writes (cluster ids, annotated text).</summary>
public sealed record ClusterTokenColumns(string Text, string Segments, string Embeddings, string ClusterIds, string Annotated);

/// <summary>
/// Assigns every chunk to its nearest centroid and writes <c>text_clusters</c> (one id per chunk) and
/// <c>text_annotated</c> (the original story with a cluster token at each original chunk; see <see cref="ClusterTokens"/>).
/// </summary>
public sealed class ClusterTokenTransformer : RowToRowTransformer
{
    public const string TypeId = "ClusterTokens";
    public const int Version = 1;

    readonly float[] _centroids;      // [K, Dimension]
    readonly float[] _centroidNorms;  // [K]: ‖c‖²

    public ClusterTokenTransformer(MLContext context, float[] centroids, int k, int dimension, Placement placement, ClusterTokenColumns columns)
        : base(context)
    {
        if (!Enum.IsDefined(placement)) throw ClusterTokens.UnknownPlacement(placement);
        if (centroids.Length != k * dimension)
            throw new ArgumentException($"Centroids have {centroids.Length} values, not k · dimension = {k} · {dimension}.");
        _centroids = centroids;
        K = k;
        Dimension = dimension;
        Placement = placement;
        Columns = columns;
        _centroidNorms = new float[k];
        for (int c = 0; c < k; c++) _centroidNorms[c] = TensorPrimitives.Dot(Centroid(c), Centroid(c));
    }

    public int K { get; }
    public int Dimension { get; }
    public Placement Placement { get; }
    public ClusterTokenColumns Columns { get; }

    /// <summary>Centroid of cluster <paramref name="cluster"/> (length <see cref="Dimension"/>).</summary>
    public ReadOnlySpan<float> Centroid(int cluster) => _centroids.AsSpan(cluster * Dimension, Dimension);

    internal static DataSchema OutputSchema(DataSchema input, ClusterTokenColumns columns)
    {
        input.RequireColumn(columns.Text, ColumnType.Text, ClusterTokenEstimator.ComponentName);
        input.RequireColumn(columns.Segments, ColumnType.TextVector, ClusterTokenEstimator.ComponentName);
        input.RequireColumn(columns.Embeddings, ColumnType.EmbeddingVector, ClusterTokenEstimator.ComponentName);
        return input.With(new SchemaColumn(columns.ClusterIds, ColumnType.Int32Vector))
            .With(new SchemaColumn(columns.Annotated, ColumnType.Text));
    }

    public override DataSchema GetOutputSchema(DataSchema inputSchema) => OutputSchema(inputSchema, Columns);

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

    protected override DataRow MapRow(DataRow row)
    {
        var story = row.Get<string>(Columns.Text);
        var chunks = row.Get<string[]>(Columns.Segments);
        var vectors = row.Get<float[][]>(Columns.Embeddings);
        if (vectors.Length != chunks.Length)
            throw new InvalidDataException($"{ClusterTokenEstimator.ComponentName}: row {row.Index} has {chunks.Length} chunks in '{Columns.Segments}' but {vectors.Length} vectors in '{Columns.Embeddings}'.");
        var clusters = new int[chunks.Length];
        for (int i = 0; i < chunks.Length; i++)
        {
            if (vectors[i].Length != Dimension)
                throw new InvalidDataException($"{ClusterTokenEstimator.ComponentName}: row {row.Index}, chunk {i} of '{Columns.Embeddings}' has {vectors[i].Length} dimensions; the centroids have {Dimension}.");
            clusters[i] = Nearest(vectors[i]);
        }
        var annotated = ClusterTokens.Annotate(story, chunks, clusters, Placement, row.Index);
        return row.With(Columns.ClusterIds, clusters).With(Columns.Annotated, annotated);
    }

    public override void Save(ModelSaveContext context)
    {
        context.Options["k"] = K;
        context.Options["dimension"] = Dimension;
        context.Options["placement"] = Placement.ToString();
        context.Options["textColumn"] = Columns.Text;
        context.Options["segmentsColumn"] = Columns.Segments;
        context.Options["embeddingsColumn"] = Columns.Embeddings;
        context.Options["clusterIdsColumn"] = Columns.ClusterIds;
        context.Options["annotatedColumn"] = Columns.Annotated;
        context.WriteTensors("centroids.safetensors", [new NamedTensor("centroids", [K, Dimension], _centroids)]);
    }

    public static ClusterTokenTransformer Load(ModelLoadContext context)
    {
        int k = context.GetOption<int>("k"), dimension = context.GetOption<int>("dimension");
        var placementName = context.GetOption<string>("placement");
        if (!Enum.TryParse<Placement>(placementName, out var placement) || !Enum.IsDefined(placement))
            throw new InvalidDataException($"{context.Source}: stage '{context.Folder}' has unknown placement '{placementName}'; expected {string.Join(" or ", Enum.GetNames<Placement>())}.");
        var tensors = context.ReadTensors("centroids.safetensors");
        if (!tensors.TryGetValue("centroids", out var centroids) || centroids.Shape is not [var rows, var columns] || rows != k || columns != dimension)
            throw new InvalidDataException($"{context.Source}: '{context.Folder}/centroids.safetensors' must hold a tensor 'centroids' of shape [{k},{dimension}].");
        var columnsRecord = new ClusterTokenColumns(context.GetOption<string>("textColumn"), context.GetOption<string>("segmentsColumn"),
            context.GetOption<string>("embeddingsColumn"), context.GetOption<string>("clusterIdsColumn"), context.GetOption<string>("annotatedColumn"));
        return new ClusterTokenTransformer(context.Context, centroids.Data, k, dimension, placement, columnsRecord);
    }
}
