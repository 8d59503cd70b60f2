using Microsoft.ML.Data;

namespace Microsoft.ML.SemanticContext.Mapping;

/// <summary>
/// The lazy output of a <see cref="RowMappingTransformer"/>: the input's columns (same indices) followed by the stage's
/// outputs. A cursor that needs none of the outputs passes the input through; otherwise it maps rows in batches.
/// </summary>
sealed class MappedDataView : IDataView
{
    readonly RowMappingTransformer _stage;
    readonly IDataView _input;

    public MappedDataView(RowMappingTransformer stage, IDataView input)
    {
        _stage = stage;
        _input = input;
        Schema = stage.GetOutputSchema(input.Schema); // fails on a bad schema now, before any row is read
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var layout = new MappedLayout(_stage, _input.Schema, Schema, columnsNeeded);
        var cursor = _input.GetRowCursor(layout.InputColumnsNeeded);
        return layout.AnyOutputActive ? new BatchMappingCursor(_stage, layout, cursor) : new PassThroughCursor(layout, cursor);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}

/// <summary>
/// Which columns a cursor or row of a mapped view serves: output-schema index i &lt; input count is input column i
/// (passed through), the rest are the stage's outputs in order.
/// </summary>
sealed class MappedLayout
{
    public MappedLayout(RowMappingTransformer stage, DataViewSchema input, DataViewSchema output, IEnumerable<DataViewSchema.Column> active)
    {
        Input = input;
        Output = output;
        InputCount = input.Count;
        var indices = active.Select(c => c.Index).ToHashSet();
        ActiveOutputs = Enumerable.Range(InputCount, output.Count - InputCount).Where(indices.Contains).ToArray();
        PassThrough = indices.Where(i => i < InputCount).Order().ToArray();
        StageInputs = stage.Columns.InputColumnsOf(input);
        InputColumnsNeeded = PassThrough.Select(i => input[i])
            .Concat(AnyOutputActive ? StageInputs : [])
            .DistinctBy(c => c.Index).ToArray();
    }

    public DataViewSchema Input { get; }
    public DataViewSchema Output { get; }
    public int InputCount { get; }

    /// <summary>Output-schema indices of the stage's outputs that are active.</summary>
    public int[] ActiveOutputs { get; }

    /// <summary>Indices of the active input columns served as they are.</summary>
    public int[] PassThrough { get; }

    /// <summary>The input columns the stage reads, in the order of its <see cref="Data.StageColumns.Inputs"/>.</summary>
    public DataViewSchema.Column[] StageInputs { get; }

    public DataViewSchema.Column[] InputColumnsNeeded { get; }

    public bool AnyOutputActive => ActiveOutputs.Length > 0;

    public bool IsOutput(int index) => index >= InputCount;

    public bool IsActive(int index) => IsOutput(index) ? ActiveOutputs.Contains(index) : PassThrough.Contains(index);

    /// <summary>The output number (position in the stage's outputs) of output-schema column <paramref name="index"/>.</summary>
    public int OutputNumber(int index) => index - InputCount;

    /// <summary>The input columns needed to produce <paramref name="outputColumns"/> (for <see cref="IRowToRowMapper.GetDependencies"/>).</summary>
    public static IEnumerable<DataViewSchema.Column> Dependencies(RowMappingTransformer stage, DataViewSchema input, IEnumerable<DataViewSchema.Column> outputColumns)
    {
        var requested = outputColumns.ToList();
        var passThrough = requested.Where(c => c.Index < input.Count).Select(c => input[c.Index]);
        return requested.Any(c => c.Index >= input.Count)
            ? passThrough.Concat(stage.Columns.InputColumnsOf(input)).DistinctBy(c => c.Index)
            : passThrough;
    }
}
