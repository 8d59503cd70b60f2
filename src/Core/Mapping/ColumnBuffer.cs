using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Mapping;

/// <summary>
/// The values of one passed-through input column for a batch of rows. A batch cursor reads rows ahead of the row it
/// serves, so it keeps their values here: as the stage values a row of this project hands over (shared, no copy), or
/// else as ML.NET values, vectors copied since a getter may reuse its buffers for the next row.
/// </summary>
abstract class ColumnBuffer
{
    /// <summary>Reads the input cursor's current value into <paramref name="slot"/>.</summary>
    public abstract void Capture(int slot);

    /// <summary>A getter that serves slot <paramref name="currentSlot"/>() as <typeparamref name="TValue"/>.</summary>
    public abstract ValueGetter<TValue> Getter<TValue>(DataViewSchema.Column column, Func<int> currentSlot);

    /// <summary>A reader of slot <paramref name="currentSlot"/>() as a stage value, when the buffer holds stage values.</summary>
    public virtual Func<object>? ValueReader(Func<int> currentSlot) => null;

    public static ColumnBuffer Create(DataViewRow input, DataViewSchema.Column column, int capacity)
    {
        if (input is IStoryValueSource source && StoryColumnTypes.KindOf(column.Type) is { } kind && source.TryGetValueReader(column, out var reader))
            return new StoryValueBuffer(reader, kind, capacity);
        var raw = column.Type.RawType;
        var type = raw.IsGenericType && raw.GetGenericTypeDefinition() == typeof(VBuffer<>)
            ? typeof(VectorColumnBuffer<>).MakeGenericType(raw.GetGenericArguments()[0])
            : typeof(ScalarColumnBuffer<>).MakeGenericType(raw);
        return (ColumnBuffer)Activator.CreateInstance(type, input, column, capacity)!;
    }
}

sealed class StoryValueBuffer(Func<object> source, StoryColumnKind kind, int capacity) : ColumnBuffer
{
    readonly object[] _values = new object[capacity];

    public override void Capture(int slot) => _values[slot] = source();

    public override ValueGetter<TValue> Getter<TValue>(DataViewSchema.Column column, Func<int> currentSlot) =>
        StoryValues.Typed<TValue>(StoryValues.Getter(kind, () => _values[currentSlot()]), column);

    public override Func<object> ValueReader(Func<int> currentSlot) => () => _values[currentSlot()];
}

sealed class ScalarColumnBuffer<T>(DataViewRow input, DataViewSchema.Column column, int capacity) : ColumnBuffer
{
    readonly ValueGetter<T> _source = input.GetGetter<T>(column);
    readonly T[] _values = new T[capacity];

    public override void Capture(int slot) => _source(ref _values[slot]);

    public override ValueGetter<TValue> Getter<TValue>(DataViewSchema.Column column, Func<int> currentSlot)
    {
        ValueGetter<T> getter = (ref T value) => value = _values[currentSlot()];
        return StoryValues.Typed<TValue>(getter, column);
    }
}

sealed class VectorColumnBuffer<T>(DataViewRow input, DataViewSchema.Column column, int capacity) : ColumnBuffer
{
    readonly ValueGetter<VBuffer<T>> _source = input.GetGetter<VBuffer<T>>(column);
    readonly VBuffer<T>[] _values = new VBuffer<T>[capacity];
    VBuffer<T> _scratch;

    public override void Capture(int slot)
    {
        _source(ref _scratch);
        _scratch.CopyTo(ref _values[slot]);
    }

    public override ValueGetter<TValue> Getter<TValue>(DataViewSchema.Column column, Func<int> currentSlot)
    {
        ValueGetter<VBuffer<T>> getter = (ref VBuffer<T> value) => _values[currentSlot()].CopyTo(ref value);
        return StoryValues.Typed<TValue>(getter, column);
    }
}
