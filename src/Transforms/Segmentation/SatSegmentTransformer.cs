using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// The fitted segment stage: story → chunks of <c>SentencesPerSegment</c> sentences (and, by default, the
/// separators that rebuild the story exactly; see <see cref="StorySegments"/>).
/// </summary>
public sealed class SatSegmentTransformer : RowToRowTransformer
{
    public const string TypeId = "SatSegment";
    public const int Version = 1;

    readonly SatSegmentOptions _options;

    internal SatSegmentTransformer(MLContext context, SatSegmentOptions options, ISentenceSplitter splitter) : base(context)
    {
        _options = options;
        Splitter = splitter;
    }

    public ISentenceSplitter Splitter { get; }

    public int SentencesPerSegment => _options.SentencesPerSegment;

    public string InputColumn => _options.InputColumn;

    public string OutputColumn => _options.OutputColumn;

    /// <summary>The separators column, or null when it is not written.</summary>
    public string? SeparatorsColumn => _options.KeepSeparators ? _options.SeparatorsColumn : null;

    internal static DataSchema OutputSchema(DataSchema input, SatSegmentOptions options)
    {
        input.RequireColumn(options.InputColumn, ColumnType.Text, SatSegmentEstimator.ComponentName);
        var schema = input.With(new SchemaColumn(options.OutputColumn, ColumnType.TextVector));
        return options.KeepSeparators ? schema.With(new SchemaColumn(options.SeparatorsColumn, ColumnType.TextVector)) : schema;
    }

    public override DataSchema GetOutputSchema(DataSchema inputSchema) => OutputSchema(inputSchema, _options);

    /// <summary>The sentences of one story, after the length bound (exposed for tests and tools).</summary>
    public IReadOnlyList<SentenceSpan> SplitSentences(string story)
    {
        var sentences = new List<SentenceSpan>();
        Splitter.Split(story, sentences);
        SentenceLengthBound.Apply(story, sentences, 0, _options.MaxSentenceWords, _options.MaxSentenceChars);
        return sentences;
    }

    /// <summary>The chunks and separators of one story.</summary>
    public (string[] Chunks, string[] Separators) Segment(string story) =>
        StorySegments.Group(story, SplitSentences(story), _options.SentencesPerSegment);

    protected override DataRow MapRow(DataRow row)
    {
        var (chunks, separators) = Segment(row.Get<string>(_options.InputColumn));
        var mapped = row.With(_options.OutputColumn, chunks);
        return _options.KeepSeparators ? mapped.With(_options.SeparatorsColumn, separators) : mapped;
    }

    public override void Save(ModelSaveContext context)
    {
        context.Options["inputColumn"] = _options.InputColumn;
        context.Options["outputColumn"] = _options.OutputColumn;
        context.Options["sentencesPerSegment"] = _options.SentencesPerSegment;
        context.Options["maxSentenceWords"] = _options.MaxSentenceWords;
        context.Options["maxSentenceChars"] = _options.MaxSentenceChars;
        context.Options["keepSeparators"] = _options.KeepSeparators;
        context.Options["splitter"] = Splitter.TypeId;
        Splitter.Save(context);
    }

    public static SatSegmentTransformer Load(ModelLoadContext context)
    {
        var options = new SatSegmentOptions
        {
            InputColumn = context.GetOption<string>("inputColumn"),
            OutputColumn = context.GetOption<string>("outputColumn"),
            SentencesPerSegment = context.GetOption<int>("sentencesPerSegment"),
            MaxSentenceWords = context.GetOption<int>("maxSentenceWords"),
            MaxSentenceChars = context.GetOption<int>("maxSentenceChars"),
            KeepSeparators = context.GetOption<bool>("keepSeparators"),
        }.Validated();
        var splitter = SentenceSplitterRegistry.Load(context.GetOption<string>("splitter"), context);
        return new SatSegmentTransformer(context.Context, options, splitter);
    }
}
