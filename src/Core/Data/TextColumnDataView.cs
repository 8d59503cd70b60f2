using Microsoft.ML.Data;

namespace Microsoft.ML.SemanticContext.Data;

/// <summary>
/// A one-column view of texts produced by <paramref name="texts"/>, called anew for each cursor (a file is re-read, a
/// list re-walked), so a corpus streams in bounded memory.
/// </summary>
public sealed class TextColumnDataView(string column, Func<IEnumerable<string>> texts, long? rowCount = null) : IDataView
{
    public DataViewSchema Schema { get; } = SchemaOf(column);

    public bool CanShuffle => false;

    public long? GetRowCount() => rowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(Schema, texts().GetEnumerator(), columnsNeeded.Any());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    static DataViewSchema SchemaOf(string column)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(column, TextDataViewType.Instance);
        return builder.ToSchema();
    }

    sealed class Cursor(DataViewSchema schema, IEnumerator<string> texts, bool active) : DataViewRowCursor, Mapping.IStoryValueSource
    {
        long _position = -1;

        public override DataViewSchema Schema => schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (!texts.MoveNext())
            {
                _position = -1;
                return false;
            }
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => active;

        public bool TryGetValueReader(DataViewSchema.Column column, out Func<object> reader)
        {
            reader = () => _position >= 0 ? texts.Current : throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
            return active;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!active) throw new InvalidOperationException($"Column '{column.Name}' was not requested when this cursor was created.");
            ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> value) =>
                value = _position >= 0 ? texts.Current.AsMemory() : throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");
            return StoryValues.Typed<TValue>(getter, column);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) texts.Dispose();
            base.Dispose(disposing);
        }
    }
}
