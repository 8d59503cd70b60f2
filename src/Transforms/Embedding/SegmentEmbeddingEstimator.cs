using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>
/// The embedding stage: fits the built-in TF-IDF + truncated SVD embedder on the chunks of the corpus (or takes a
/// ready <see cref="ISegmentEmbedder"/>) and returns a transformer that writes one vector per chunk.
/// </summary>
public sealed class SegmentEmbeddingEstimator : IEstimator<SegmentEmbeddingTransformer>
{
    internal const string ComponentName = "EmbedSegments";

    readonly ComponentHost _host;
    readonly SegmentEmbeddingOptions _options;
    readonly int _seed;

    public SegmentEmbeddingEstimator(IHostEnvironment environment, SegmentEmbeddingOptions options)
    {
        _host = new ComponentHost(environment, ComponentName);
        _options = options;
        if (options.Embedder is null)
        {
            if (options.Dimension < 1) throw new InvalidOptionException(nameof(options.Dimension), $"must be ≥ 1, not {options.Dimension}.");
            if (options.MinDocumentFrequency < 1) throw new InvalidOptionException(nameof(options.MinDocumentFrequency), $"must be ≥ 1, not {options.MinDocumentFrequency}.");
            if (options.Oversamples < 0 || options.PowerIterations < 0) throw new InvalidOptionException(nameof(options.Oversamples) + " and " + nameof(options.PowerIterations), "must be ≥ 0.");
            if (options.MaxFitChunks < 1) throw new InvalidOptionException(nameof(options.MaxFitChunks), $"must be ≥ 1, not {options.MaxFitChunks}.");
        }
        _seed = options.Seed ?? _host.NextSeed();
    }

    /// <summary>The output's per-chunk width is known once fitted; before that the shape says "a vector of Single".</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
        SegmentEmbeddingTransformer.ColumnsOf(_options.InputColumnName, _options.OutputColumnName, _options.Embedder?.Dimension ?? 0).OutputSchema(inputSchema);

    public SegmentEmbeddingTransformer Fit(IDataView input)
    {
        SegmentEmbeddingTransformer.ColumnsOf(_options.InputColumnName, _options.OutputColumnName, 0).Check(input.Schema);
        var embedder = _options.Embedder ?? FitBuiltIn(input);
        var transformer = new SegmentEmbeddingTransformer(_host.Environment, embedder, _options.InputColumnName, _options.OutputColumnName);
        _host.Log($"embedder: {transformer.Description}");
        return transformer;
    }

    TfidfSvdEmbedder FitBuiltIn(IDataView input)
    {
        var chunks = new List<string>();
        long? total = input.GetRowCount() is null ? null : _options.MaxFitChunks;
        foreach (var story in StoryRows.TextVectors(input, _options.InputColumnName))
        {
            _host.ThrowIfCancelled();
            chunks.AddRange(story);
            _host.ReportProgress("embedding: reading chunks", chunks.Count, total);
            if (chunks.Count >= _options.MaxFitChunks) break;
        }
        if (chunks.Count > _options.MaxFitChunks) chunks.RemoveRange(_options.MaxFitChunks, chunks.Count - _options.MaxFitChunks);
        if (chunks.Count == 0)
            throw new InvalidInputException($"{ComponentName}: column '{_options.InputColumnName}' holds no chunks, so there is nothing to fit the embedder on.");
        var settings = new TfidfSvdSettings(_options.Dimension, _options.MinDocumentFrequency, _options.Oversamples, _options.PowerIterations, _seed);
        using var compute = _host.EnterCompute();
        return TfidfSvdEmbedder.Fit(chunks, settings, _host.Cancellation);
    }
}
