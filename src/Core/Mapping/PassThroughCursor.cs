using Microsoft.ML.Data;

namespace Microsoft.ML.SemanticContext.Mapping;

/// <summary>A cursor over a mapped view that needs none of the stage's outputs: the input cursor under the output schema.</summary>
sealed class PassThroughCursor(MappedLayout layout, DataViewRowCursor input) : DataViewRowCursor, IStoryValueSource
{
    public override DataViewSchema Schema => layout.Output;

    public override long Position => input.Position;

    public override long Batch => input.Batch;

    public override bool MoveNext() => input.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

    public bool TryGetValueReader(DataViewSchema.Column column, out Func<object> reader)
    {
        reader = null!;
        return layout.IsActive(column.Index) && input is IStoryValueSource source && source.TryGetValueReader(layout.Input[column.Index], out reader);
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => layout.IsActive(column.Index);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!layout.IsActive(column.Index))
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when this cursor was created.");
        return input.GetGetter<TValue>(layout.Input[column.Index]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) input.Dispose();
        base.Dispose(disposing);
    }
}
