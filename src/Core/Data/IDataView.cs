namespace Microsoft.ML.SemanticContext.Data;

/// <summary>
/// A lazily evaluated table of stories. Enumerating <see cref="GetRows"/> may read a file and run
/// transforms, so large corpora stream in bounded memory; each enumeration starts from the beginning.
/// </summary>
public interface IDataView
{
    DataSchema Schema { get; }

    /// <summary>Number of rows when known without a pass over the data.</summary>
    long? RowCount { get; }

    IEnumerable<DataRow> GetRows();
}

/// <summary>Rows held in memory (small corpora, cached pipeline stages, tests).</summary>
public sealed class InMemoryDataView(DataSchema schema, IReadOnlyList<DataRow> rows) : IDataView
{
    public DataSchema Schema { get; } = schema;
    public long? RowCount => rows.Count;
    public IReadOnlyList<DataRow> Rows => rows;
    public IEnumerable<DataRow> GetRows() => rows;

    /// <summary>A one-column view of texts in column <paramref name="column"/>.</summary>
    public static InMemoryDataView FromTexts(IEnumerable<string> texts, string column = ColumnNames.Text) =>
        new(new DataSchema([new SchemaColumn(column, ColumnType.Text)]),
            texts.Select((t, i) => DataRow.FromText(i, column, t)).ToList());
}

/// <summary>Rows produced by a function each time they are enumerated (a file reader, a lazy transform).</summary>
public sealed class StreamingDataView(DataSchema schema, Func<IEnumerable<DataRow>> rows, long? rowCount = null) : IDataView
{
    public DataSchema Schema { get; } = schema;
    public long? RowCount { get; } = rowCount;
    public IEnumerable<DataRow> GetRows() => rows();
}

public static class DataViewExtensions
{
    /// <summary>Reads every row into memory.</summary>
    public static InMemoryDataView Materialize(this IDataView view) =>
        view as InMemoryDataView ?? new InMemoryDataView(view.Schema, view.GetRows().ToList());

    /// <summary>The values of one column, in row order.</summary>
    public static IEnumerable<T> GetColumn<T>(this IDataView view, string column)
    {
        if (!view.Schema.TryGetColumn(column, out _))
            throw new SchemaException($"Column '{column}' was not found; the data has [{string.Join(", ", view.Schema.Columns.Select(c => c.Name))}].");
        return view.GetRows().Select(r => r.Get<T>(column));
    }
}
