using Microsoft.ML.Data;

namespace Microsoft.ML.SemanticContext.Data;

/// <summary>Streams chosen columns of a data view as <see cref="StoryValues"/> (what estimators read while fitting).</summary>
public static class StoryRows
{
    /// <summary>The values of <paramref name="columns"/> row by row, one cursor pass; each array is new.</summary>
    public static IEnumerable<object[]> Read(IDataView data, params InputColumn[] columns)
    {
        // Checked now, so a bad column fails at the call rather than at the first row.
        var found = new StageColumns("read", columns, []).InputColumnsOf(data.Schema);
        var kinds = columns.Select(c => c.Kind).ToArray();
        foreach (var (column, kind) in found.Zip(kinds))
            if (!StoryColumnTypes.Accepts(kind, column.Type))
                throw new SchemaException($"Column '{column.Name}' must be {StoryColumnTypes.Describe(kind)}, but it is {column.Type}.");
        return ReadRows(data, found, kinds);
    }

    static IEnumerable<object[]> ReadRows(IDataView data, DataViewSchema.Column[] found, StoryColumnKind[] kinds)
    {
        using var cursor = data.GetRowCursor(found);
        var readers = found.Select((c, i) => StoryValues.Reader(cursor, c, kinds[i])).ToArray();
        while (CursorMoves.Next(cursor))
        {
            var values = new object[readers.Length];
            for (int i = 0; i < readers.Length; i++) values[i] = readers[i]();
            yield return values;
        }
    }

    /// <summary>The stories of a text column.</summary>
    public static IEnumerable<string> Texts(IDataView data, string column) =>
        Read(data, new InputColumn(column, StoryColumnKind.Text)).Select(v => (string)v[0]);

    /// <summary>The chunk texts of a vector-of-text column, one array per story.</summary>
    public static IEnumerable<string[]> TextVectors(IDataView data, string column) =>
        Read(data, new InputColumn(column, StoryColumnKind.TextVector)).Select(v => (string[])v[0]);
}
