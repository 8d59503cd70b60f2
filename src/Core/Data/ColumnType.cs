namespace Microsoft.ML.SemanticContext.Data;

/// <summary>
/// The value type of a column. Story-level values are scalars; chunk-level values are vectors with one
/// element per chunk of the story (DESIGN §4: one row per story).
/// </summary>
public sealed class ColumnType
{
    ColumnType(string name, Type clrType) { Name = name; ClrType = clrType; }

    public string Name { get; }
    public Type ClrType { get; }

    /// <summary>A string per row (a story).</summary>
    public static ColumnType Text { get; } = new("Text", typeof(string));

    /// <summary>A string per chunk (<c>string[]</c>).</summary>
    public static ColumnType TextVector { get; } = new("Vector<Text>", typeof(string[]));

    /// <summary>An integer per chunk (<c>int[]</c>), e.g. cluster ids.</summary>
    public static ColumnType Int32Vector { get; } = new("Vector<Int32>", typeof(int[]));

    /// <summary>A dense float vector per chunk (<c>float[][]</c>), e.g. embeddings.</summary>
    public static ColumnType EmbeddingVector { get; } = new("Vector<Vector<Single>>", typeof(float[][]));

    public override string ToString() => Name;
}
