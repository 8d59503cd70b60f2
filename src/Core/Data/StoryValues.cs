using Microsoft.ML.Data;

namespace Microsoft.ML.SemanticContext.Data;

/// <summary>
/// Column values as the stages see them: <c>string</c> for <see cref="StoryColumnKind.Text"/>, <c>string[]</c>,
/// <c>int[]</c> and <c>float[]</c> for the vector kinds. Readers turn a row's ML.NET values into these; getters turn
/// them back into ML.NET values (<see cref="ReadOnlyMemory{T}"/> of char, <see cref="VBuffer{T}"/>).
/// </summary>
public static class StoryValues
{
    /// <summary>
    /// A function that reads <paramref name="column"/> of <paramref name="row"/>'s current row as a value of
    /// <paramref name="kind"/>: the value itself when a stage of this project computed it, else a new one converted from
    /// the ML.NET value. Values are shared, never modified.
    /// </summary>
    public static Func<object> Reader(DataViewRow row, DataViewSchema.Column column, StoryColumnKind kind)
    {
        if (row is Mapping.IStoryValueSource source && source.TryGetValueReader(column, out var shared)) return shared;
        switch (kind)
        {
            case StoryColumnKind.Text:
            {
                var getter = row.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> value = default;
                return () => { getter(ref value); return value.ToString(); };
            }
            case StoryColumnKind.TextVector:
            {
                var getter = row.GetGetter<VBuffer<ReadOnlyMemory<char>>>(column);
                VBuffer<ReadOnlyMemory<char>> value = default;
                return () =>
                {
                    getter(ref value);
                    var texts = new string[value.Length];
                    int i = 0;
                    foreach (var item in value.DenseValues()) texts[i++] = item.ToString();
                    return texts;
                };
            }
            case StoryColumnKind.Int32Vector:
                return DenseReader<int>(row, column);
            case StoryColumnKind.SingleVector:
                return DenseReader<float>(row, column);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown column kind.");
        }
    }

    /// <summary>
    /// A <see cref="ValueGetter{TValue}"/> of the ML.NET type of <paramref name="kind"/> that writes <paramref name="current"/>()
    /// (a value of that kind), reusing the destination's buffers.
    /// </summary>
    public static Delegate Getter(StoryColumnKind kind, Func<object> current) => kind switch
    {
        StoryColumnKind.Text => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> dst) => dst = ((string)current()).AsMemory()),
        StoryColumnKind.TextVector => (ValueGetter<VBuffer<ReadOnlyMemory<char>>>)((ref VBuffer<ReadOnlyMemory<char>> dst) =>
        {
            var texts = (string[])current();
            var editor = VBufferEditor.Create(ref dst, texts.Length);
            for (int i = 0; i < texts.Length; i++) editor.Values[i] = texts[i].AsMemory();
            dst = editor.Commit();
        }),
        StoryColumnKind.Int32Vector => DenseGetter<int>(current),
        StoryColumnKind.SingleVector => DenseGetter<float>(current),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown column kind."),
    };

    /// <summary>The getter for <typeparamref name="TValue"/>, or an error naming the column's type when a caller asks for another.</summary>
    public static ValueGetter<TValue> Typed<TValue>(Delegate getter, DataViewSchema.Column column) =>
        getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
            $"Column '{column.Name}' holds {column.Type} ({column.Type.RawType.Name}); it cannot be read as {typeof(TValue).Name}.");

    static Func<object> DenseReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<VBuffer<T>>(column);
        VBuffer<T> value = default;
        return () =>
        {
            getter(ref value);
            var dense = new T[value.Length];
            value.CopyTo(dense);
            return dense;
        };
    }

    static ValueGetter<VBuffer<T>> DenseGetter<T>(Func<object> current) => (ref VBuffer<T> dst) =>
    {
        var values = (T[])current();
        var editor = VBufferEditor.Create(ref dst, values.Length);
        values.CopyTo(editor.Values);
        dst = editor.Commit();
    };
}
