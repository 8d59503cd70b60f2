using Microsoft.ML.Data;

namespace Microsoft.ML.SemanticContext.Data;

/// <summary>One story as ML.NET's typed API reads it (<c>LoadFromEnumerable</c>, <c>CreatePredictionEngine&lt;Story, …&gt;</c>).</summary>
public sealed class Story
{
    [ColumnName(ColumnNames.Text)]
    public string Text { get; set; } = "";
}
