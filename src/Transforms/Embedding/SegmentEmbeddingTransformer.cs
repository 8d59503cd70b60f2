using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Mapping;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>
/// Writes one vector per chunk: a vector-of-text column in, a vector of Single out with dimensions
/// [chunks, <see cref="ISegmentEmbedder.Dimension"/>] (the chunks' vectors one after another).
/// </summary>
public sealed class SegmentEmbeddingTransformer : RowMappingTransformer
{
    public const string TypeId = "SegmentEmbedding";
    public const int Version = 1;

    public SegmentEmbeddingTransformer(IHostEnvironment environment, ISegmentEmbedder embedder, string inputColumnName, string outputColumnName)
        : base(environment, SegmentEmbeddingEstimator.ComponentName)
    {
        Embedder = embedder;
        Host.DeviceChosenBy(embedder);
        InputColumnName = inputColumnName;
        OutputColumnName = outputColumnName;
        Columns = ColumnsOf(inputColumnName, outputColumnName, embedder.Dimension);
    }

    public ISegmentEmbedder Embedder { get; }
    public string InputColumnName { get; }
    public string OutputColumnName { get; }

    /// <summary>What ran, for logs and reports: the embedder's own description.</summary>
    public string Description => Embedder.Description;

    public override StageColumns Columns { get; }

    internal static StageColumns ColumnsOf(string input, string output, int dimension) => new(SegmentEmbeddingEstimator.ComponentName,
        [new(input, StoryColumnKind.TextVector)], [new(output, StoryColumnKind.SingleVector, dimension)]);

    protected override void MapRow(object[] inputs, object[] outputs, long row) => outputs[0] = Embedder.Embed((string[])inputs[0]);

    public override void Save(StageWriter writer)
    {
        writer.Options["inputColumn"] = InputColumnName;
        writer.Options["outputColumn"] = OutputColumnName;
        SegmentEmbedders.Registry.SavePart(Embedder, writer, "embedder");
    }

    public static SegmentEmbeddingTransformer Load(StageReader reader) =>
        new(reader.Environment, SegmentEmbedders.Registry.LoadPart(reader, "embedder"),
            reader.GetOption<string>("inputColumn"), reader.GetOption<string>("outputColumn"));
}
