using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext;

/// <summary>A fitted stage: maps a data view to a new one (lazily) and saves itself into a model .zip.</summary>
public interface ITransformer
{
    /// <summary>The schema <see cref="Transform"/> would produce; throws a <see cref="SchemaException"/> on a bad input schema.</summary>
    DataSchema GetOutputSchema(DataSchema inputSchema);

    IDataView Transform(IDataView input);

    /// <summary>Writes this stage's options and state; <see cref="ComponentRegistry"/> reads it back.</summary>
    void Save(ModelSaveContext context);
}

/// <summary>An unfitted stage: learns from data and returns its transformer.</summary>
public interface IEstimator<out TTransformer> where TTransformer : ITransformer
{
    DataSchema GetOutputSchema(DataSchema inputSchema);

    TTransformer Fit(IDataView input);
}
