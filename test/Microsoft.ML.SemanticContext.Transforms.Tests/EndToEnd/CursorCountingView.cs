namespace Microsoft.ML.SemanticContext.Transforms.Tests.EndToEnd;

/// <summary>A data view that counts the cursors opened on it: zero after a failed call proves the check ran before any row was read.</summary>
sealed class CursorCountingView(IDataView inner) : IDataView
{
    int _cursors;

    public int Cursors => Volatile.Read(ref _cursors);

    public bool CanShuffle => inner.CanShuffle;

    public DataViewSchema Schema => inner.Schema;

    public long? GetRowCount() => inner.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        Interlocked.Increment(ref _cursors);
        return inner.GetRowCursor(columnsNeeded, rand);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        Interlocked.Increment(ref _cursors);
        return inner.GetRowCursorSet(columnsNeeded, n, rand);
    }
}
