using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Mapping;

/// <summary>
/// A <see cref="RowMappingTransformer"/> as ML.NET's <see cref="IRowToRowMapper"/>: the row it returns computes the
/// stage's outputs from the input row's current values when first asked for them at each position (what
/// <c>PredictionEngine</c> and chained mappers use, one row at a time).
/// </summary>
sealed class RowMapper(RowMappingTransformer stage, DataViewSchema inputSchema) : IRowToRowMapper
{
    public DataViewSchema InputSchema { get; } = inputSchema;

    public DataViewSchema OutputSchema { get; } = stage.GetOutputSchema(inputSchema);

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        MappedLayout.Dependencies(stage, InputSchema, dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        if (input.Schema != InputSchema)
            throw new InvalidOperationException("The input row's schema is not the schema this mapper was created for.");
        return new MappedRow(stage, new MappedLayout(stage, InputSchema, OutputSchema, activeColumns), input);
    }

    sealed class MappedRow : DataViewRow, IStoryValueSource
    {
        readonly RowMappingTransformer _stage;
        readonly MappedLayout _layout;
        readonly DataViewRow _input;
        readonly Func<object>[] _stageInputs;
        readonly object[] _outputs;
        long _mappedPosition = -1;

        public MappedRow(RowMappingTransformer stage, MappedLayout layout, DataViewRow input)
        {
            _stage = stage;
            _layout = layout;
            _input = input;
            var kinds = stage.Columns.Inputs;
            _stageInputs = layout.AnyOutputActive
                ? layout.StageInputs.Select((c, i) => StoryValues.Reader(input, c, kinds[i].Kind)).ToArray()
                : [];
            _outputs = new object[stage.Columns.Outputs.Count];
        }

        public override DataViewSchema Schema => _layout.Output;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public bool TryGetValueReader(DataViewSchema.Column column, out Func<object> reader)
        {
            reader = null!;
            if (!_layout.IsActive(column.Index)) return false;
            if (!_layout.IsOutput(column.Index))
                return _input is IStoryValueSource source && source.TryGetValueReader(_layout.Input[column.Index], out reader);
            int output = _layout.OutputNumber(column.Index);
            reader = () => Current()[output];
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _layout.IsActive(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_layout.IsActive(column.Index))
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this row.");
            if (!_layout.IsOutput(column.Index)) return _input.GetGetter<TValue>(_layout.Input[column.Index]);
            int output = _layout.OutputNumber(column.Index);
            var getter = StoryValues.Getter(_stage.Columns.Outputs[output].Kind, () => Current()[output]);
            return StoryValues.Typed<TValue>(getter, column);
        }

        object[] Current()
        {
            if (_mappedPosition == _input.Position) return _outputs;
            var values = new object[_stageInputs.Length];
            for (int i = 0; i < values.Length; i++) values[i] = _stageInputs[i]();
            using (_stage.ComponentHost.EnterCompute()) _stage.MapRow(values, _outputs, _input.Position);
            _mappedPosition = _input.Position;
            return _outputs;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _input.Dispose();
            base.Dispose(disposing);
        }
    }
}
