namespace Microsoft.ML.SemanticContext.Data;

/// <summary>A named, typed column of a <see cref="IDataView"/>.</summary>
public sealed record SchemaColumn(string Name, ColumnType Type);

/// <summary>The ordered columns of a data view, with the up-front checks transforms run before any row is read.</summary>
public sealed class DataSchema
{
    readonly List<SchemaColumn> _columns;

    public DataSchema(IEnumerable<SchemaColumn> columns) => _columns = columns.ToList();

    public IReadOnlyList<SchemaColumn> Columns => _columns;

    public bool TryGetColumn(string name, out SchemaColumn column)
    {
        column = _columns.FirstOrDefault(c => c.Name == name)!;
        return column is not null;
    }

    /// <summary>Throws a schema error that names the column, the expected type and the actual type.</summary>
    public void RequireColumn(string name, ColumnType expected, string component)
    {
        if (!TryGetColumn(name, out var column))
            throw new SchemaException($"{component}: input column '{name}' was not found; the data has [{string.Join(", ", _columns.Select(c => c.Name))}].");
        if (column.Type != expected)
            throw new SchemaException($"{component}: column '{name}' must be of type {expected}, but it is {column.Type}.");
    }

    /// <summary>This schema with <paramref name="column"/> added, or replacing a column of the same name.</summary>
    public DataSchema With(SchemaColumn column) =>
        new(_columns.Where(c => c.Name != column.Name).Append(column));

    public override string ToString() => string.Join(", ", _columns.Select(c => $"{c.Name}: {c.Type}"));
}

/// <summary>A column is missing or has the wrong type.</summary>
public sealed class SchemaException(string message) : InvalidOperationException(message);
