using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Mapping;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// The fitted segment stage: story → chunks of <c>SentencesPerSegment</c> sentences (and, by default, the separators
/// that rebuild the story exactly; see <see cref="StorySegments"/>).
/// </summary>
public sealed class SentenceSegmentTransformer : RowMappingTransformer
{
    public const string TypeId = "SentenceSegment";
    public const int Version = 1;

    readonly SentenceSegmentOptions _options;

    internal SentenceSegmentTransformer(IHostEnvironment environment, SentenceSegmentOptions options, ISentenceSplitter splitter)
        : base(environment, SentenceSegmentEstimator.ComponentName)
    {
        _options = options;
        Splitter = splitter;
        Host.DeviceChosenBy(splitter);
        Columns = ColumnsOf(options);
    }

    public ISentenceSplitter Splitter { get; }

    /// <summary>What ran, for logs and reports: the splitter's own description.</summary>
    public string Description => Splitter.Description;

    public int SentencesPerSegment => _options.SentencesPerSegment;

    public string InputColumn => _options.InputColumn;

    public string OutputColumn => _options.OutputColumn;

    /// <summary>The separators column, or null when it is not written.</summary>
    public string? SeparatorsColumn => _options.KeepSeparators ? _options.SeparatorsColumn : null;

    public override StageColumns Columns { get; }

    internal static StageColumns ColumnsOf(SentenceSegmentOptions options) => new(SentenceSegmentEstimator.ComponentName,
        [new(options.InputColumn, StoryColumnKind.Text)],
        options.KeepSeparators
            ? [new(options.OutputColumn, StoryColumnKind.TextVector), new(options.SeparatorsColumn, StoryColumnKind.TextVector)]
            : [new(options.OutputColumn, StoryColumnKind.TextVector)]);

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

    protected override void MapRow(object[] inputs, object[] outputs, long row)
    {
        var (chunks, separators) = Segment((string)inputs[0]);
        outputs[0] = chunks;
        if (_options.KeepSeparators) outputs[1] = separators;
    }

    public override void Save(StageWriter writer)
    {
        writer.Options["inputColumn"] = _options.InputColumn;
        writer.Options["outputColumn"] = _options.OutputColumn;
        writer.Options["sentencesPerSegment"] = _options.SentencesPerSegment;
        writer.Options["maxSentenceWords"] = _options.MaxSentenceWords;
        writer.Options["maxSentenceChars"] = _options.MaxSentenceChars;
        writer.Options["keepSeparators"] = _options.KeepSeparators;
        SentenceSplitters.Registry.SavePart(Splitter, writer, "splitter");
    }

    public static SentenceSegmentTransformer Load(StageReader reader)
    {
        var options = new SentenceSegmentOptions
        {
            InputColumn = reader.GetOption<string>("inputColumn"),
            OutputColumn = reader.GetOption<string>("outputColumn"),
            SentencesPerSegment = reader.GetOption<int>("sentencesPerSegment"),
            MaxSentenceWords = reader.GetOption<int>("maxSentenceWords"),
            MaxSentenceChars = reader.GetOption<int>("maxSentenceChars"),
            KeepSeparators = reader.GetOption<bool>("keepSeparators"),
        }.Validated();
        return new SentenceSegmentTransformer(reader.Environment, options, SentenceSplitters.Registry.LoadPart(reader, "splitter"));
    }
}
