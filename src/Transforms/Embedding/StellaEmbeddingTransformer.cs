using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>Writes one vector per chunk: <c>string[]</c> column in, <c>float[][]</c> column out.</summary>
public sealed class StellaEmbeddingTransformer : RowToRowTransformer
{
    public const string TypeId = "StellaEmbedding";
    public const int Version = 1;

    public StellaEmbeddingTransformer(MLContext context, ISegmentEmbedder embedder, string inputColumnName, string outputColumnName)
        : base(context)
    {
        Embedder = embedder;
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
    }

    public ISegmentEmbedder Embedder { get; }
    public string InputColumnName { get; }
    public string OutputColumnName { get; }

    public override DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        inputSchema.RequireColumn(InputColumnName, ColumnType.TextVector, StellaEmbeddingEstimator.ComponentName);
        return inputSchema.With(new SchemaColumn(OutputColumnName, ColumnType.EmbeddingVector));
    }

    protected override DataRow MapRow(DataRow row) =>
        row.With(OutputColumnName, Embedder.Embed(row.Get<string[]>(InputColumnName)));

    public override void Save(ModelSaveContext context)
    {
        context.Options["inputColumn"] = InputColumnName;
        context.Options["outputColumn"] = OutputColumnName;
        context.Options["embedder"] = Embedder.TypeId;
        Embedder.Save(context);
    }

    public static StellaEmbeddingTransformer Load(ModelLoadContext context)
    {
        var embedder = SegmentEmbedderRegistry.Load(context.GetOption<string>("embedder"), context);
        return new StellaEmbeddingTransformer(context.Context, embedder, context.GetOption<string>("inputColumn"), context.GetOption<string>("outputColumn"));
    }
}
