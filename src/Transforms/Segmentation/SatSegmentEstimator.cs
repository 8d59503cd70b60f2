using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// Splits each story (a Text column) into sentences and groups them into chunks (a TextVector column). Fitting
/// trains the built-in Punkt-style boundary model on the stories unless a splitter is given in the options.
/// </summary>
public sealed class SatSegmentEstimator : IEstimator<SatSegmentTransformer>
{
    internal const string ComponentName = "SegmentSentences";

    readonly MLContext _context;
    readonly SatSegmentOptions _options;

    public SatSegmentEstimator(MLContext context, SatSegmentOptions options)
    {
        _context = context;
        _options = options.Validated();
    }

    public DataSchema GetOutputSchema(DataSchema inputSchema) => SatSegmentTransformer.OutputSchema(inputSchema, _options);

    public SatSegmentTransformer Fit(IDataView input)
    {
        GetOutputSchema(input.Schema);
        var splitter = _options.Splitter;
        if (splitter is null)
        {
            long? total = input.RowCount is long rows ? Math.Min(rows, _options.MaxTrainingStories) : null;
            var stories = input.GetRows().Select(r => r.Get<string>(_options.InputColumn));
            splitter = PunktSentenceSplitter.Train(stories, _options.MaxTrainingStories,
                done => _context.ReportProgress("segment: training boundary model", done, total));
            _context.WriteLog($"segmenter: {splitter.Description} (SaT ONNX not configured)");
        }
        else
        {
            _context.WriteLog($"segmenter: {splitter.Description}");
        }
        return new SatSegmentTransformer(_context, _options, splitter);
    }
}
