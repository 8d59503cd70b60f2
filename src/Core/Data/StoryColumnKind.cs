using Microsoft.ML.Data;

namespace Microsoft.ML.SemanticContext.Data;

/// <summary>
/// The value kinds the stages read and write. A story is a scalar; chunk-level values are variable-length vectors
/// with one element per chunk of the story (DESIGN §4: one row per story).
/// </summary>
public enum StoryColumnKind
{
    /// <summary>A story: <see cref="TextDataViewType"/> (<c>string</c> in <c>CreateEnumerable</c>).</summary>
    Text,

    /// <summary>A text per chunk: a variable-length vector of text (<c>string[]</c>).</summary>
    TextVector,

    /// <summary>An integer per chunk, e.g. cluster ids: a variable-length vector of Int32 (<c>int[]</c>).</summary>
    Int32Vector,

    /// <summary>
    /// A dense vector per chunk, e.g. embeddings: a variable-length vector of Single of dimensions [0, width], the chunks'
    /// vectors one after another (<c>float[]</c> of chunks × width values).
    /// </summary>
    SingleVector,
}

/// <summary>How each <see cref="StoryColumnKind"/> maps to ML.NET's types, and the checks that name what was expected.</summary>
public static class StoryColumnTypes
{
    /// <summary>The column type of <paramref name="kind"/>; <paramref name="width"/> is the per-chunk length of a <see cref="StoryColumnKind.SingleVector"/>.</summary>
    public static DataViewType TypeOf(StoryColumnKind kind, int width = 0) => kind switch
    {
        StoryColumnKind.Text => TextDataViewType.Instance,
        StoryColumnKind.TextVector => new VectorDataViewType(TextDataViewType.Instance, 0),
        StoryColumnKind.Int32Vector => new VectorDataViewType(NumberDataViewType.Int32, 0),
        StoryColumnKind.SingleVector => width > 0
            ? new VectorDataViewType(NumberDataViewType.Single, 0, width)
            : new VectorDataViewType(NumberDataViewType.Single, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown column kind."),
    };

    /// <summary>Whether a column of <paramref name="type"/> can be read as <paramref name="kind"/> (vectors of any size).</summary>
    public static bool Accepts(StoryColumnKind kind, DataViewType type) => kind switch
    {
        StoryColumnKind.Text => type is TextDataViewType,
        _ => type is VectorDataViewType vector && vector.ItemType == ItemTypeOf(kind),
    };

    /// <summary>The kind whose values a column of <paramref name="type"/> holds, or null when it is none of them.</summary>
    public static StoryColumnKind? KindOf(DataViewType type) =>
        Enum.GetValues<StoryColumnKind>().Cast<StoryColumnKind?>().FirstOrDefault(kind => Accepts(kind!.Value, type));

    /// <summary>The same check on an estimator's <see cref="SchemaShape"/>.</summary>
    public static bool Accepts(StoryColumnKind kind, SchemaShape.Column column) => !column.IsKey && (kind switch
    {
        StoryColumnKind.Text => column.Kind == SchemaShape.Column.VectorKind.Scalar && column.ItemType is TextDataViewType,
        _ => column.Kind != SchemaShape.Column.VectorKind.Scalar && column.ItemType == ItemTypeOf(kind),
    });

    /// <summary>For error messages: e.g. "a vector of text (Vector&lt;String&gt;)".</summary>
    public static string Describe(StoryColumnKind kind) => kind switch
    {
        StoryColumnKind.Text => "text (String)",
        StoryColumnKind.TextVector => "a vector of text (Vector<String>)",
        StoryColumnKind.Int32Vector => "a vector of Int32 (Vector<Int32>)",
        _ => "a vector of Single (Vector<Single>)",
    };

    /// <summary>The per-chunk length of a <see cref="StoryColumnKind.SingleVector"/> column: its second dimension, or 0 when not declared.</summary>
    public static int WidthOf(DataViewType type) =>
        type is VectorDataViewType { Dimensions.Length: 2 } vector ? vector.Dimensions[1] : 0;

    /// <summary>How a <see cref="SchemaShape.Column"/> reads in an error message.</summary>
    public static string Describe(SchemaShape.Column column)
    {
        string item = column.ItemType.ToString() ?? column.ItemType.RawType.Name;
        if (column.IsKey) item = $"Key<{item}>";
        return column.Kind == SchemaShape.Column.VectorKind.Scalar ? item : $"Vector<{item}>";
    }

    static DataViewType ItemTypeOf(StoryColumnKind kind) => kind switch
    {
        StoryColumnKind.TextVector => TextDataViewType.Instance,
        StoryColumnKind.Int32Vector => NumberDataViewType.Int32,
        _ => NumberDataViewType.Single,
    };
}
