using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Masking;

/// <summary>
/// Learns which capitalised words of the corpus are person names (see <see cref="NameModel"/>) and returns the
/// transformer that writes a masked copy of the chunks.
/// </summary>
public sealed class EntityMaskEstimator : IEstimator<EntityMaskTransformer>
{
    internal const string ComponentName = "MaskEntities";

    readonly ComponentHost _host;
    readonly EntityMaskOptions _options;

    public EntityMaskEstimator(IHostEnvironment environment, EntityMaskOptions options)
    {
        _host = new ComponentHost(environment, ComponentName);
        _options = options.Validated();
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => EntityMaskTransformer.ColumnsOf(_options).OutputSchema(inputSchema);

    public EntityMaskTransformer Fit(IDataView input)
    {
        EntityMaskTransformer.ColumnsOf(_options).Check(input.Schema);
        var model = _options.NameRecognizer is null ? FitNameModel(input) : null;
        var transformer = new EntityMaskTransformer(_host.Environment, _options, model);
        _host.Log($"masker: {transformer.Description}");
        return transformer;
    }

    NameModel FitNameModel(IDataView input)
    {
        var statistics = new NameModel.Statistics();
        long rows = 0;
        long? total = input.GetRowCount() is long count ? Math.Min(count, _options.MaxTrainingStories) : null;
        foreach (var chunks in StoryRows.TextVectors(input, _options.InputColumn).Take(_options.MaxTrainingStories))
        {
            _host.ThrowIfCancelled();
            foreach (var chunk in chunks) statistics.Add(chunk);
            if ((++rows & 1023) == 0) _host.ReportProgress("mask: counting capitalised words", rows, total);
        }
        var list = NameModel.ReadList(_options.NamesFile, _options.Names);
        return statistics.Build(list, _options.MaxLowercaseShare, _options.MaxLowercaseShareListed, rows);
    }
}
