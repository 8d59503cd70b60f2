using System.Runtime.CompilerServices;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Core.Tests;

/// <summary>Learns the longest story length and writes each story's length ratio to it as a one-element vector column.</summary>
public sealed class LengthRatioEstimator(MLContext context, string input, string output) : IEstimator<LengthRatioTransformer>
{
    public DataSchema GetOutputSchema(DataSchema inputSchema) => new LengthRatioTransformer(context, input, output, 1).GetOutputSchema(inputSchema);

    public LengthRatioTransformer Fit(IDataView data) =>
        new(context, input, output, data.GetColumn<string>(input).Max(s => s.Length));
}

public sealed class LengthRatioTransformer(MLContext context, string input, string output, int longest) : RowToRowTransformer(context)
{
    public const int Version = 2;

    public int Longest => longest;

    public override DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        inputSchema.RequireColumn(input, ColumnType.Text, nameof(LengthRatioTransformer));
        return inputSchema.With(new SchemaColumn(output, ColumnType.EmbeddingVector));
    }

    protected override DataRow MapRow(DataRow row) =>
        row.With(output, new[] { new[] { row.Get<string>(input).Length / (float)longest } });

    public override void Save(ModelSaveContext ctx)
    {
        ctx.Options["input"] = input;
        ctx.Options["output"] = output;
        ctx.WriteTensors("state.safetensors", [new NamedTensor("longest", [1], [longest])]);
    }

    public static LengthRatioTransformer Load(ModelLoadContext ctx)
    {
        // Version 1 stored the length as text; version 2 as a tensor.
        int longest = ctx.Version == 1
            ? int.Parse(ctx.ReadText("longest.txt"))
            : (int)ctx.ReadTensors("state.safetensors")["longest"].Data[0];
        return new LengthRatioTransformer(ctx.Context, ctx.GetOption<string>("input"), ctx.GetOption<string>("output"), longest);
    }
}

/// <summary>Uppercases a text column into a new column; stateless.</summary>
public sealed class UpperTransformer(MLContext context, string input, string output) : RowToRowTransformer(context), IEstimator<UpperTransformer>
{
    public override DataSchema GetOutputSchema(DataSchema inputSchema)
    {
        inputSchema.RequireColumn(input, ColumnType.Text, nameof(UpperTransformer));
        return inputSchema.With(new SchemaColumn(output, ColumnType.Text));
    }

    public UpperTransformer Fit(IDataView input) => this;

    protected override DataRow MapRow(DataRow row) => row.With(output, row.Get<string>(input).ToUpperInvariant());

    public override void Save(ModelSaveContext ctx)
    {
        ctx.Options["input"] = input;
        ctx.Options["output"] = output;
    }

    public static UpperTransformer Load(ModelLoadContext ctx) =>
        new(ctx.Context, ctx.GetOption<string>("input"), ctx.GetOption<string>("output"));
}

static class TestComponentRegistration
{
    [ModuleInitializer]
    internal static void Register()
    {
        ComponentRegistry.Register("Test.LengthRatio", LengthRatioTransformer.Version, LengthRatioTransformer.Load);
        ComponentRegistry.Register("Test.Upper", 1, UpperTransformer.Load);
    }
}
