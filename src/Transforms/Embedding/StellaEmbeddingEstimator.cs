using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>
/// The embedding stage: fits the built-in TF-IDF + truncated SVD embedder on the chunks of the corpus (or takes
/// a ready <see cref="ISegmentEmbedder"/>) and returns a transformer that writes one vector per chunk.
/// </summary>
public sealed class StellaEmbeddingEstimator : IEstimator<StellaEmbeddingTransformer>
{
    internal const string ComponentName = "StellaEmbedding";

    readonly MLContext _context;
    readonly StellaEmbeddingOptions _options;

    public StellaEmbeddingEstimator(MLContext context, StellaEmbeddingOptions options)
    {
        _context = context;
        _options = options;
        if (options.Embedder is null)
        {
            if (options.Dimension < 1) throw new ArgumentOutOfRangeException(nameof(options), $"{ComponentName}: Dimension must be ≥ 1, but it is {options.Dimension}.");
            if (options.MinDocumentFrequency < 1) throw new ArgumentOutOfRangeException(nameof(options), $"{ComponentName}: MinDocumentFrequency must be ≥ 1, but it is {options.MinDocumentFrequency}.");
            if (options.Oversamples < 0 || options.PowerIterations < 0) throw new ArgumentOutOfRangeException(nameof(options), $"{ComponentName}: Oversamples and PowerIterations must be ≥ 0.");
            if (options.MaxFitChunks < 1) throw new ArgumentOutOfRangeException(nameof(options), $"{ComponentName}: MaxFitChunks must be ≥ 1, but it is {options.MaxFitChunks}.");
        }
    }

    public DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        inputSchema.RequireColumn(_options.InputColumnName, ColumnType.TextVector, ComponentName);
        return inputSchema.With(new SchemaColumn(_options.OutputColumnName, ColumnType.EmbeddingVector));
    }

    public StellaEmbeddingTransformer Fit(IDataView input)
    {
        GetOutputSchema(input.Schema);
        if (_options.Embedder is { } ready)
        {
            _context.WriteLog($"embedder: {ready.Description}");
            return new StellaEmbeddingTransformer(_context, ready, _options.InputColumnName, _options.OutputColumnName);
        }
        var chunks = new List<string>();
        foreach (var row in input.GetRows())
        {
            chunks.AddRange(row.Get<string[]>(_options.InputColumnName));
            _context.ReportProgress("embedding: reading chunks", chunks.Count, input.RowCount is null ? null : _options.MaxFitChunks);
            if (chunks.Count >= _options.MaxFitChunks) break;
        }
        if (chunks.Count > _options.MaxFitChunks) chunks.RemoveRange(_options.MaxFitChunks, chunks.Count - _options.MaxFitChunks);
        if (chunks.Count == 0)
            throw new InvalidOperationException($"{ComponentName}: column '{_options.InputColumnName}' holds no chunks, so there is nothing to fit the embedder on.");
        var settings = new TfidfSvdSettings(_options.Dimension, _options.MinDocumentFrequency, _options.Oversamples,
            _options.PowerIterations, _options.Seed ?? _context.DeriveSeed("embedding"));
        var embedder = TfidfSvdEmbedder.Fit(chunks, settings);
        _context.WriteLog($"embedder: {embedder.Description}; Stella ONNX not configured");
        return new StellaEmbeddingTransformer(_context, embedder, _options.InputColumnName, _options.OutputColumnName);
    }
}
