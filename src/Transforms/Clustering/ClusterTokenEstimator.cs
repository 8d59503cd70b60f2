using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Clustering;

/// <summary>
/// The cluster-token stage: fits K-Means on the chunk embeddings of the corpus; the fitted centroids are the model.
/// The transformer it returns writes each chunk's cluster id and the story annotated with cluster tokens.
/// </summary>
public sealed class ClusterTokenEstimator : IEstimator<ClusterTokenTransformer>
{
    internal const string ComponentName = "AssignClusterTokens";

    readonly ComponentHost _host;
    readonly ClusterTokenOptions _options;
    readonly int _seed;

    public ClusterTokenEstimator(IHostEnvironment environment, ClusterTokenOptions options)
    {
        if (!Enum.IsDefined(options.Placement)) throw ClusterTokens.UnknownPlacement(options.Placement);
        if (options.K < 1) throw new InvalidOptionException(nameof(options.K), $"must be ≥ 1, not {options.K}.");
        if (options.Restarts < 1) throw new InvalidOptionException(nameof(options.Restarts), $"must be ≥ 1, not {options.Restarts}.");
        if (options.MaxIterations < 1) throw new InvalidOptionException(nameof(options.MaxIterations), $"must be ≥ 1, not {options.MaxIterations}.");
        if (options.Tolerance < 0) throw new InvalidOptionException(nameof(options.Tolerance), $"must be ≥ 0, not {options.Tolerance}.");
        if (options.MiniBatchSize < 1) throw new InvalidOptionException(nameof(options.MiniBatchSize), $"must be ≥ 1, not {options.MiniBatchSize}.");
        if (options.MaxFitChunks < options.K) throw new InvalidOptionException(nameof(options.MaxFitChunks), $"must be at least k ({options.K}), not {options.MaxFitChunks}.");
        _host = new ComponentHost(environment, ComponentName);
        _options = options;
        _seed = options.Seed ?? _host.NextSeed();
    }

    ClusterTokenColumns Columns => new(_options.TextColumnName, _options.SegmentsColumnName, _options.EmbeddingsColumnName,
        _options.ClusterIdsColumnName, _options.AnnotatedColumnName);

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => ClusterTokenTransformer.ColumnsOf(Columns).OutputSchema(inputSchema);

    public ClusterTokenTransformer Fit(IDataView input)
    {
        ClusterTokenTransformer.ColumnsOf(Columns).Check(input.Schema);
        var (points, n, d) = ReadEmbeddings(input);
        if (n < _options.K)
            throw new InvalidInputException($"{ComponentName}: k = {_options.K} is larger than the number of chunks ({n}); use k ≤ {n} or more text.");
        var kmeans = new KMeansOptions
        {
            K = _options.K,
            Restarts = _options.Restarts,
            MaxIterations = _options.MaxIterations,
            Tolerance = _options.Tolerance,
            MiniBatch = _options.MiniBatch,
            MiniBatchSize = _options.MiniBatchSize,
            Seed = _seed,
        };
        _host.ReportProgress("clustering", 0, kmeans.Restarts, $"K-Means k = {kmeans.K} on {n} chunks");
        KMeansResult result;
        using (_host.EnterCompute()) result = KMeans.Fit(points, n, d, kmeans, _host.Cancellation);
        _host.ReportProgress("clustering", kmeans.Restarts, kmeans.Restarts);
        var sizes = new int[result.K];
        foreach (int label in result.Labels) sizes[label]++;
        _host.Log($"clusters: {(kmeans.MiniBatch ? "mini-batch" : "Lloyd")} K-Means, k = {result.K}, {kmeans.Restarts} k-means++ restarts, on {n} chunks × {d} dims: " +
            $"inertia {result.Inertia:G6} after {result.Iterations} iterations (restart {result.BestRestart}); sizes [{string.Join(", ", sizes)}]");
        return new ClusterTokenTransformer(_host.Environment, result.Centroids, result.K, d, _options.Placement, Columns);
    }

    /// <summary>The first <see cref="ClusterTokenOptions.MaxFitChunks"/> chunk vectors as one matrix [n, d].</summary>
    (float[] Points, int N, int D) ReadEmbeddings(IDataView input)
    {
        int d = StoryColumnTypes.WidthOf(input.Schema[_options.EmbeddingsColumnName].Type);
        var values = new List<float>();
        int n = 0;
        long row = 0;
        foreach (var story in StoryRows.Read(input, new InputColumn(_options.SegmentsColumnName, StoryColumnKind.TextVector),
                     new InputColumn(_options.EmbeddingsColumnName, StoryColumnKind.SingleVector)))
        {
            _host.ThrowIfCancelled();
            var (chunks, vectors) = ((string[])story[0], (float[])story[1]);
            if (chunks.Length > 0)
            {
                // A column that does not declare its width: every story's vectors must split evenly over its chunks.
                if (d == 0 && vectors.Length % chunks.Length == 0) d = vectors.Length / chunks.Length;
                if (vectors.Length != chunks.Length * d)
                    throw new InvalidDataException($"{ComponentName}: row {row} has {chunks.Length} chunks in '{_options.SegmentsColumnName}' but {vectors.Length} values in '{_options.EmbeddingsColumnName}' (expected {chunks.Length} × {d}).");
                int take = Math.Min(chunks.Length, _options.MaxFitChunks - n);
                values.AddRange(vectors.AsSpan(0, take * d));
                n += take;
            }
            row++;
            if (n >= _options.MaxFitChunks) break;
        }
        return (values.ToArray(), n, d);
    }
}
