using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext;

/// <summary>Fitted stages applied in order; saved as one model .zip with a stage folder each.</summary>
public sealed class TransformerChain<TLastTransformer> : ITransformer, IStagedTransformer where TLastTransformer : class, ITransformer
{
    public TransformerChain(IReadOnlyList<ITransformer> transformers)
    {
        if (transformers.Count == 0) throw new ArgumentException("A transformer chain needs at least one stage.");
        Stages = transformers;
        LastTransformer = transformers[^1] as TLastTransformer
            ?? throw new ArgumentException($"The last stage is a {transformers[^1].GetType().Name}, not a {typeof(TLastTransformer).Name}.");
    }

    public IReadOnlyList<ITransformer> Stages { get; }

    public TLastTransformer LastTransformer { get; }

    public DataSchema GetOutputSchema(DataSchema inputSchema) =>
        Stages.Aggregate(inputSchema, (schema, t) => t.GetOutputSchema(schema));

    public IDataView Transform(IDataView input)
    {
        GetOutputSchema(input.Schema);
        return Stages.Aggregate(input, (view, t) => t.Transform(view));
    }

    // ModelArchive flattens chains into their stages, so a chain never writes a stage folder of its own.
    void ITransformer.Save(ModelSaveContext context) =>
        throw new InvalidOperationException("A transformer chain is saved stage by stage through ModelArchive.Save.");

    /// <summary>Saves every stage into one .zip (atomically).</summary>
    public void Save(string path) => ModelArchive.Save(this, path);
}

/// <summary>A transformer made of stages (a chain); saving writes the stages, loading returns a chain of them.</summary>
public interface IStagedTransformer
{
    IReadOnlyList<ITransformer> Stages { get; }
}
