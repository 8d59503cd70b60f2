using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// Splits each story (a text column) into sentences and groups them into chunks (a vector-of-text column). Fitting
/// trains the built-in Punkt-style boundary model on the stories unless a splitter is given in the options.
/// </summary>
public sealed class SentenceSegmentEstimator : IEstimator<SentenceSegmentTransformer>
{
    internal const string ComponentName = "SegmentSentences";

    readonly ComponentHost _host;
    readonly SentenceSegmentOptions _options;

    public SentenceSegmentEstimator(IHostEnvironment environment, SentenceSegmentOptions options)
    {
        _host = new ComponentHost(environment, ComponentName);
        _options = options.Validated();
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => SentenceSegmentTransformer.ColumnsOf(_options).OutputSchema(inputSchema);

    public SentenceSegmentTransformer Fit(IDataView input)
    {
        SentenceSegmentTransformer.ColumnsOf(_options).Check(input.Schema);
        var splitter = _options.Splitter;
        if (splitter is null)
        {
            long? total = input.GetRowCount() is long rows ? Math.Min(rows, _options.MaxTrainingStories) : null;
            splitter = PunktSentenceSplitter.Train(StoryRows.Texts(input, _options.InputColumn), _options.MaxTrainingStories,
                done => _host.ReportProgress("segment: training boundary model", done, total), _host.Cancellation);
        }
        var transformer = new SentenceSegmentTransformer(_host.Environment, _options, splitter);
        _host.Log($"segmenter: {transformer.Description}");
        return transformer;
    }
}
