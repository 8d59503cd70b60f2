using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Clustering;

/// <summary>
/// The cluster-token stage: fits K-Means on the chunk embeddings of the corpus; the fitted centroids are the model.
/// The transformer it returns writes each chunk's cluster id and the story annotated with cluster tokens.
/// </summary>
public sealed class ClusterTokenEstimator : IEstimator<ClusterTokenTransformer>
{
    internal const string ComponentName = "ClusterTokens";

    readonly MLContext _context;
    readonly ClusterTokenOptions _options;

    public ClusterTokenEstimator(MLContext context, ClusterTokenOptions options)
    {
        if (!Enum.IsDefined(options.Placement)) throw ClusterTokens.UnknownPlacement(options.Placement);
        if (options.K < 1) throw new ArgumentOutOfRangeException(nameof(options), $"{ComponentName}: k must be ≥ 1, but it is {options.K}.");
        if (options.Restarts < 1) throw new ArgumentOutOfRangeException(nameof(options), $"{ComponentName}: Restarts must be ≥ 1, but it is {options.Restarts}.");
        if (options.MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(options), $"{ComponentName}: MaxIterations must be ≥ 1, but it is {options.MaxIterations}.");
        if (options.Tolerance < 0) throw new ArgumentOutOfRangeException(nameof(options), $"{ComponentName}: Tolerance must be ≥ 0, but it is {options.Tolerance}.");
        if (options.MiniBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), $"{ComponentName}: MiniBatchSize must be ≥ 1, but it is {options.MiniBatchSize}.");
        if (options.MaxFitChunks < options.K) throw new ArgumentOutOfRangeException(nameof(options), $"{ComponentName}: MaxFitChunks ({options.MaxFitChunks}) must be at least k ({options.K}).");
        _context = context;
        _options = options;
    }

    public DataSchema GetOutputSchema(DataSchema inputSchema) => ClusterTokenTransformer.OutputSchema(inputSchema, Columns);

    ClusterTokenColumns Columns => new(_options.TextColumnName, _options.SegmentsColumnName, _options.EmbeddingsColumnName,
        _options.ClusterIdsColumnName, _options.AnnotatedColumnName);

    public ClusterTokenTransformer Fit(IDataView input)
    {
        GetOutputSchema(input.Schema);
        var (points, n, d) = ReadEmbeddings(input);
        if (n < _options.K)
            throw new ArgumentException($"{ComponentName}: k = {_options.K} is larger than the number of chunks ({n}); use k ≤ {n} or more text.");
        var kmeans = new KMeansOptions
        {
            K = _options.K,
            Restarts = _options.Restarts,
            MaxIterations = _options.MaxIterations,
            Tolerance = _options.Tolerance,
            MiniBatch = _options.MiniBatch,
            MiniBatchSize = _options.MiniBatchSize,
            Seed = _options.Seed ?? _context.DeriveSeed("kmeans"),
        };
        _context.ReportProgress("clustering", 0, kmeans.Restarts, $"K-Means k = {kmeans.K} on {n} chunks");
        var result = KMeans.Fit(points, n, d, kmeans);
        _context.ReportProgress("clustering", kmeans.Restarts, kmeans.Restarts);
        var sizes = new int[result.K];
        foreach (int label in result.Labels) sizes[label]++;
        _context.WriteLog($"clusters: {(kmeans.MiniBatch ? "mini-batch" : "Lloyd")} K-Means, k = {result.K}, {kmeans.Restarts} k-means++ restarts, on {n} chunks × {d} dims: " +
            $"inertia {result.Inertia:G6} after {result.Iterations} iterations (restart {result.BestRestart}); sizes [{string.Join(", ", sizes)}]");
        return new ClusterTokenTransformer(_context, result.Centroids, result.K, d, _options.Placement, Columns);
    }

    /// <summary>The first <see cref="ClusterTokenOptions.MaxFitChunks"/> chunk vectors as one matrix [n, d].</summary>
    (float[] Points, int N, int D) ReadEmbeddings(IDataView input)
    {
        var values = new List<float>();
        int d = -1, n = 0;
        foreach (var row in input.GetRows())
        {
            var vectors = row.Get<float[][]>(_options.EmbeddingsColumnName);
            for (int c = 0; c < vectors.Length && n < _options.MaxFitChunks; c++, n++)
            {
                if (d < 0) d = vectors[c].Length;
                if (vectors[c].Length != d)
                    throw new InvalidDataException($"{ComponentName}: row {row.Index}, chunk {c} of column '{_options.EmbeddingsColumnName}' has {vectors[c].Length} dimensions; earlier chunks have {d}.");
                values.AddRange(vectors[c]);
            }
            if (n >= _options.MaxFitChunks) break;
        }
        return (values.ToArray(), n, Math.Max(d, 0));
    }
}
