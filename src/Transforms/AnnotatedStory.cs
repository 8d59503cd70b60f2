using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms;

/// <summary>
/// One story as the annotation pipeline leaves it, for ML.NET's typed API: <c>ml.Data.CreateEnumerable&lt;AnnotatedStory&gt;</c>
/// over the transformed data, or <c>ml.Model.CreatePredictionEngine&lt;Story, AnnotatedStory&gt;</c> for one story at a time.
/// The properties read the default column names (<see cref="ColumnNames"/>).
/// </summary>
public sealed class AnnotatedStory
{
    /// <summary>The original story, unchanged.</summary>
    [ColumnName(ColumnNames.Text)]
    public string Text { get; set; } = "";

    /// <summary>Its chunks: exact substrings of the story, in order.</summary>
    [ColumnName(ColumnNames.Segments)]
    public string[] Segments { get; set; } = [];

    /// <summary>One cluster id per chunk.</summary>
    [ColumnName(ColumnNames.ClusterIds)]
    public int[] Clusters { get; set; } = [];

    /// <summary>The story with a <c>&lt;cluster_i&gt;</c> token at every chunk.</summary>
    [ColumnName(ColumnNames.Annotated)]
    public string Annotated { get; set; } = "";
}
