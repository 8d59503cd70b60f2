using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Mapping;

/// <summary>
/// Base of the stages that keep one row per story and add columns computed from that row alone. Subclasses say which
/// columns they read and write (<see cref="Columns"/>) and map one row (<see cref="MapRow"/>); this class makes them
/// ML.NET transformers: <see cref="Transform"/> streams rows in batches whose rows are mapped in parallel and served in
/// their original order (memory bounded by the batch), and <see cref="GetRowToRowMapper"/> maps single rows lazily, so
/// <c>ml.Model.CreatePredictionEngine</c> works. Inputs are never modified.
/// </summary>
public abstract class RowMappingTransformer : ITransformer, IArchivedComponent
{
    /// <summary>
    /// Rows mapped together: enough to keep the cores busy, few enough that a batch's values die young. At 512 rows a
    /// stage's batch outlived gen0 and was promoted, and gen2 collections took a third of a streaming run.
    /// </summary>
    public const int BatchSize = 64;

    protected RowMappingTransformer(IHostEnvironment environment, string name) => Host = new ComponentHost(environment, name);

    protected ComponentHost Host { get; }

    /// <summary>The columns this stage reads and writes.</summary>
    public abstract StageColumns Columns { get; }

    /// <summary>
    /// Computes the outputs of one row: <paramref name="inputs"/>[i] holds the value of <c>Columns.Inputs[i]</c> and
    /// <paramref name="outputs"/>[j] receives <c>Columns.Outputs[j]</c> (values as in <see cref="StoryValues"/>).
    /// <paramref name="row"/> is the row's position, for error messages. Called from several threads at once.
    /// </summary>
    protected internal abstract void MapRow(object[] inputs, object[] outputs, long row);

    /// <summary>
    /// Whether the rows of a batch may be mapped on several threads at once (the default). A stage whose mapping is
    /// itself parallel inside, or not thread-safe (a language model generating), maps its batches one row at a time.
    /// </summary>
    protected internal virtual bool MapsRowsInParallel => true;

    /// <summary>Writes this stage's options and state into its folder of the pipeline archive.</summary>
    public abstract void Save(StageWriter writer);

    internal ComponentHost ComponentHost => Host;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Columns.OutputSchema(inputSchema);

    public IDataView Transform(IDataView input) => new MappedDataView(this, input);

    public bool IsRowToRowMapper => true;

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new RowMapper(this, inputSchema);

    /// <summary>ML.NET keeps its model-writing API internal, so this stage cannot enter <c>ml.Model.Save</c>.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw PipelineArchive.NotSavableByMLNet(GetType());
}
