using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Masking;

/// <summary>
/// Learns which capitalised words of the corpus are person names (see <see cref="NameModel"/>) and returns the
/// transformer that writes a masked copy of the chunks.
/// </summary>
public sealed class EntityMaskEstimator : IEstimator<EntityMaskTransformer>
{
    internal const string ComponentName = "MaskEntities";

    readonly MLContext _context;
    readonly EntityMaskOptions _options;

    public EntityMaskEstimator(MLContext context, EntityMaskOptions options)
    {
        _context = context;
        _options = options.Validated();
    }

    public DataSchema GetOutputSchema(DataSchema inputSchema) => EntityMaskTransformer.OutputSchema(inputSchema, _options);

    public EntityMaskTransformer Fit(IDataView input)
    {
        GetOutputSchema(input.Schema);
        var statistics = new NameModel.Statistics();
        long rows = 0;
        long? total = input.RowCount is long count ? Math.Min(count, _options.MaxTrainingStories) : null;
        foreach (var row in input.GetRows().Take(_options.MaxTrainingStories))
        {
            foreach (var chunk in row.Get<string[]>(_options.InputColumn)) statistics.Add(chunk);
            if ((++rows & 1023) == 0) _context.ReportProgress("mask: counting capitalised words", rows, total);
        }
        var list = NameModel.ReadList(_options.NamesFile, _options.Names);
        var model = statistics.Build(list, _options.MaxLowercaseShare, _options.MaxLowercaseShareListed);
        _context.WriteLog($"masker: built-in name statistics over {rows:N0} stories ({model.Names.Count:N0} name types, {model.KnownWordCount:N0} other words, " +
            (list.Count > 0 ? $"names list of {list.Count:N0}" : "no names list") + "; no NER model configured)");
        return new EntityMaskTransformer(_context, _options, model);
    }
}
