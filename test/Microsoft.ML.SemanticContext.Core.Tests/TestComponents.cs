using System.Runtime.CompilerServices;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Mapping;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Core.Tests;

/// <summary>Learns the longest story length; its transformer writes each story's length ratio as a one-chunk vector of width 1.</summary>
public sealed class LengthRatioEstimator(IHostEnvironment env, string input, string output) : IEstimator<LengthRatioTransformer>
{
    public int FitCalls { get; private set; }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => LengthRatioTransformer.ColumnsOf(input, output).OutputSchema(inputSchema);

    public LengthRatioTransformer Fit(IDataView data)
    {
        FitCalls++;
        LengthRatioTransformer.ColumnsOf(input, output).Check(data.Schema);
        return new(env, input, output, StoryRows.Texts(data, input).Max(s => s.Length));
    }
}

public sealed class LengthRatioTransformer(IHostEnvironment env, string input, string output, int longest)
    : RowMappingTransformer(env, nameof(LengthRatioTransformer))
{
    public const int Version = 2;

    public int Longest => longest;

    public static StageColumns ColumnsOf(string input, string output) =>
        new(nameof(LengthRatioTransformer), [new(input, StoryColumnKind.Text)], [new(output, StoryColumnKind.SingleVector, 1)]);

    public override StageColumns Columns { get; } = ColumnsOf(input, output);

    protected override void MapRow(object[] inputs, object[] outputs, long row) =>
        outputs[0] = new[] { ((string)inputs[0]).Length / (float)longest };

    public override void Save(StageWriter writer)
    {
        writer.Options["input"] = input;
        writer.Options["output"] = output;
        writer.WriteTensors("state.safetensors", [new NamedTensor("longest", [1], [longest])]);
    }

    public static LengthRatioTransformer Load(StageReader reader)
    {
        // Version 1 stored the length as text; version 2 as a tensor.
        int longest = reader.Version == 1
            ? int.Parse(reader.ReadText("longest.txt"))
            : (int)reader.ReadTensors("state.safetensors")["longest"].Data[0];
        return new LengthRatioTransformer(reader.Environment, reader.GetOption<string>("input"), reader.GetOption<string>("output"), longest);
    }
}

/// <summary>Splits a story into words (a vector of text) and upper-cases it; stateless. Counts the rows it maps.</summary>
public sealed class WordsTransformer(IHostEnvironment env, string input, string prefix)
    : RowMappingTransformer(env, nameof(WordsTransformer)), IEstimator<WordsTransformer>
{
    int _mapped;

    public int RowsMapped => _mapped;

    public override StageColumns Columns { get; } = new(nameof(WordsTransformer), [new(input, StoryColumnKind.Text)],
        [new(prefix + "_words", StoryColumnKind.TextVector), new(prefix + "_upper", StoryColumnKind.Text), new(prefix + "_lengths", StoryColumnKind.Int32Vector)]);

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => Columns.OutputSchema(inputSchema);

    public WordsTransformer Fit(IDataView input) => this;

    protected override void MapRow(object[] inputs, object[] outputs, long row)
    {
        Interlocked.Increment(ref _mapped);
        var text = (string)inputs[0];
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        outputs[0] = words;
        outputs[1] = text.ToUpperInvariant();
        outputs[2] = words.Select(w => w.Length).ToArray();
    }

    public override void Save(StageWriter writer)
    {
        writer.Options["input"] = input;
        writer.Options["prefix"] = prefix;
    }

    public static WordsTransformer Load(StageReader reader) =>
        new(reader.Environment, reader.GetOption<string>("input"), reader.GetOption<string>("prefix"));
}

static class TestComponentRegistration
{
    [ModuleInitializer]
    internal static void Register()
    {
        ComponentRegistry.Stages.Register("Test.LengthRatio", LengthRatioTransformer.Version, LengthRatioTransformer.Load);
        ComponentRegistry.Stages.Register("Test.Words", 1, WordsTransformer.Load);
    }
}
