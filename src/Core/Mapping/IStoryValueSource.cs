using Microsoft.ML.Data;

namespace Microsoft.ML.SemanticContext.Mapping;

/// <summary>
/// A row of this project's own views that can hand over a column's value as the stage computed it (a <c>string</c>,
/// <c>string[]</c>, <c>int[]</c> or <c>float[]</c>; see <see cref="Data.StoryValues"/>) instead of through an ML.NET
/// getter. Consecutive stages then pass values by reference, as one pipeline, rather than converting each chunk
/// array to a <see cref="VBuffer{T}"/> and back at every stage. Values are never modified once written: every stage
/// writes new arrays, so sharing them is safe.
/// </summary>
interface IStoryValueSource
{
    /// <summary>A reader of <paramref name="column"/>'s value at the row's current position, when this row holds it as a value.</summary>
    bool TryGetValueReader(DataViewSchema.Column column, out Func<object> reader);
}
