using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// Estimators applied in order: fitting fits the first on the input, transforms the input with it, fits the
/// next on the result, and so on. A cache checkpoint materialises the data at that point so later stages
/// do not recompute earlier ones on every pass.
/// </summary>
public sealed class EstimatorChain<TLastTransformer> : IEstimator<TransformerChain<TLastTransformer>>
    where TLastTransformer : class, ITransformer
{
    readonly IReadOnlyList<IEstimator<ITransformer>> _estimators;
    readonly IReadOnlyList<bool> _cacheAfter;

    internal EstimatorChain(IReadOnlyList<IEstimator<ITransformer>> estimators, IReadOnlyList<bool> cacheAfter)
    {
        _estimators = estimators;
        _cacheAfter = cacheAfter;
    }

    public DataSchema GetOutputSchema(DataSchema inputSchema) =>
        _estimators.Aggregate(inputSchema, (schema, e) => e.GetOutputSchema(schema));

    public EstimatorChain<TNew> Append<TNew>(IEstimator<TNew> estimator) where TNew : class, ITransformer =>
        new([.. _estimators, estimator], [.. _cacheAfter, false]);

    /// <summary>Keeps the data as produced by the stages so far in memory while fitting (ML.NET's AppendCacheCheckpoint).</summary>
    public EstimatorChain<TLastTransformer> AppendCacheCheckpoint()
    {
        if (_cacheAfter.Count == 0) return this;
        var flags = _cacheAfter.ToArray();
        flags[^1] = true;
        return new EstimatorChain<TLastTransformer>(_estimators, flags);
    }

    public TransformerChain<TLastTransformer> Fit(IDataView input)
    {
        GetOutputSchema(input.Schema); // fail on a bad schema before any data is read
        var transformers = new List<ITransformer>(_estimators.Count);
        var current = input;
        for (int i = 0; i < _estimators.Count; i++)
        {
            var transformer = _estimators[i].Fit(current);
            transformers.Add(transformer);
            if (i == _estimators.Count - 1) break;
            current = transformer.Transform(current);
            if (_cacheAfter[i]) current = current.Materialize();
        }
        return new TransformerChain<TLastTransformer>(transformers);
    }
}

public static class EstimatorExtensions
{
    /// <summary>Starts a chain: <c>first.Append(second)</c>.</summary>
    public static EstimatorChain<TNew> Append<TNew>(this IEstimator<ITransformer> first, IEstimator<TNew> next)
        where TNew : class, ITransformer =>
        new([first, next], [false, false]);

    /// <summary>Materialises the output of <paramref name="estimator"/> while fitting the stages after it.</summary>
    public static EstimatorChain<ITransformer> AppendCacheCheckpoint(this IEstimator<ITransformer> estimator) =>
        new([estimator], [true]);
}
