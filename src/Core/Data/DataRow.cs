namespace Microsoft.ML.SemanticContext.Data;

/// <summary>
/// One story and everything the pipeline has computed for it, column name → value.
/// Immutable: a transform returns a new row with its output column added, so inputs are never destroyed.
/// </summary>
public sealed class DataRow
{
    readonly Dictionary<string, object> _values;

    public DataRow(long index, IReadOnlyDictionary<string, object> values)
    {
        Index = index;
        _values = new Dictionary<string, object>(values);
    }

    DataRow(long index, Dictionary<string, object> values, bool _)
    {
        Index = index;
        _values = values;
    }

    /// <summary>Zero-based position of the story in its corpus (used in error messages).</summary>
    public long Index { get; }

    public IReadOnlyDictionary<string, object> Values => _values;

    public T Get<T>(string column) =>
        _values.TryGetValue(column, out var value)
            ? (T)value
            : throw new SchemaException($"Row {Index} has no column '{column}'.");

    public DataRow With(string column, object value)
    {
        var copy = new Dictionary<string, object>(_values) { [column] = value };
        return new DataRow(Index, copy, true);
    }

    public static DataRow FromText(long index, string column, string text) =>
        new(index, new Dictionary<string, object> { [column] = text }, true);
}
