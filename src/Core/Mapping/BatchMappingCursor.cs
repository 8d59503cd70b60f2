using System.Runtime.ExceptionServices;
using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Mapping;

/// <summary>
/// Serves a mapped view row by row while computing it a batch at a time: it reads up to
/// <see cref="RowMappingTransformer.BatchSize"/> input rows (keeping passed-through values and the stage's inputs),
/// maps them in parallel within the context's thread budget, then serves them in their original order.
/// </summary>
sealed class BatchMappingCursor : DataViewRowCursor, IStoryValueSource
{
    const int MinRowsForParallel = 16;

    readonly RowMappingTransformer _stage;
    readonly MappedLayout _layout;
    readonly DataViewRowCursor _input;
    readonly ColumnBuffer?[] _passThrough;          // by input index; null when not served
    readonly Func<object>[] _stageInputs;           // read from the input cursor's current row
    readonly ValueGetter<DataViewRowId> _inputIds;
    readonly object[][] _inputs = new object[RowMappingTransformer.BatchSize][];
    readonly object[][] _outputs = new object[RowMappingTransformer.BatchSize][];
    readonly long[] _inputPositions = new long[RowMappingTransformer.BatchSize];
    readonly DataViewRowId[] _ids = new DataViewRowId[RowMappingTransformer.BatchSize];
    int _count, _slot = -1;
    long _position = -1;
    bool _done;

    public BatchMappingCursor(RowMappingTransformer stage, MappedLayout layout, DataViewRowCursor input)
    {
        _stage = stage;
        _layout = layout;
        _input = input;
        _passThrough = new ColumnBuffer?[layout.InputCount];
        foreach (int i in layout.PassThrough) _passThrough[i] = ColumnBuffer.Create(input, layout.Input[i], RowMappingTransformer.BatchSize);
        var kinds = stage.Columns.Inputs;
        _stageInputs = layout.StageInputs.Select((c, i) => StoryValues.Reader(input, c, kinds[i].Kind)).ToArray();
        _inputIds = input.GetIdGetter();
    }

    public override DataViewSchema Schema => _layout.Output;

    public override long Position => _position;

    public override long Batch => 0;

    public override bool MoveNext()
    {
        if (_done) return false;
        if (++_slot >= _count && !FillBatch())
        {
            _done = true;
            _position = -1;
            return false;
        }
        _position++;
        return true;
    }

    bool FillBatch()
    {
        _stage.ComponentHost.ThrowIfCancelled();  // once per batch: a cancelled context stops a pass over a large corpus here
        _count = 0;
        _slot = 0;
        while (_count < RowMappingTransformer.BatchSize && CursorMoves.Next(_input))
        {
            foreach (var buffer in _passThrough) buffer?.Capture(_count);
            var values = new object[_stageInputs.Length];
            for (int i = 0; i < values.Length; i++) values[i] = _stageInputs[i]();
            _inputs[_count] = values;
            _inputPositions[_count] = _input.Position;
            _inputIds(ref _ids[_count]);
            _count++;
        }
        if (_count == 0) return false;
        MapBatch();
        return true;
    }

    void MapBatch()
    {
        int outputs = _stage.Columns.Outputs.Count;
        void Map(int i)
        {
            _outputs[i] = new object[outputs];
            _stage.MapRow(_inputs[i], _outputs[i], _inputPositions[i]);
        }
        var host = _stage.ComponentHost;
        using var compute = host.EnterCompute();
        if (_count < MinRowsForParallel || !_stage.MapsRowsInParallel)
        {
            for (int i = 0; i < _count; i++) Map(i);
            return;
        }
        try
        {
            Parallel.For(0, _count, new ParallelOptions { MaxDegreeOfParallelism = host.Settings.Threads }, Map);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The first failure as it was thrown (a stage's own message, e.g. a bad row), not wrapped.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    public bool TryGetValueReader(DataViewSchema.Column column, out Func<object> reader)
    {
        reader = null!;
        if (!_layout.IsActive(column.Index)) return false;
        if (_layout.IsOutput(column.Index))
        {
            int output = _layout.OutputNumber(column.Index);
            reader = () => _outputs[CurrentSlot()][output];
            return true;
        }
        reader = _passThrough[column.Index]!.ValueReader(CurrentSlot)!;
        return reader is not null;
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = _ids[CurrentSlot()];

    public override bool IsColumnActive(DataViewSchema.Column column) => _layout.IsActive(column.Index);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!_layout.IsActive(column.Index))
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when this cursor was created.");
        if (!_layout.IsOutput(column.Index)) return _passThrough[column.Index]!.Getter<TValue>(column, CurrentSlot);
        int output = _layout.OutputNumber(column.Index);
        var getter = StoryValues.Getter(_stage.Columns.Outputs[output].Kind, () => _outputs[CurrentSlot()][output]);
        return StoryValues.Typed<TValue>(getter, column);
    }

    int CurrentSlot() => _position >= 0 ? _slot : throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");

    protected override void Dispose(bool disposing)
    {
        if (disposing) _input.Dispose();
        base.Dispose(disposing);
    }
}
