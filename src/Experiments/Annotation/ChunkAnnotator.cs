using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Experiments.Annotation;

/// <summary>
/// The clusters a fitted annotator gives chunks that are already cut, such as the chunks a model wrote between its own
/// plan tokens: the annotator's stages after segmentation (mask → embed → cluster tokens) run on the given chunks, one
/// row per story, so masking sees a story's chunks together as it did when the annotator was fitted.
/// </summary>
public static class ChunkAnnotator
{
    /// <param name="annotator">A fitted annotation pipeline (as <c>ml.Model.SemanticContext.Load</c> returns it).</param>
    /// <param name="stories">Each story's chunks, in order.</param>
    /// <returns>Each story's cluster ids, one per chunk.</returns>
    public static IReadOnlyList<int[]> Clusters(MLContext ml, ITransformer annotator, IReadOnlyList<IReadOnlyList<string>> stories)
    {
        if (annotator is not IEnumerable<ITransformer> stages || !stages.OfType<SentenceSegmentTransformer>().Any())
            throw new ArgumentException("Annotating given chunks needs an annotation pipeline that starts with sentence segmentation (segment → mask → embed → cluster tokens).", nameof(annotator));
        var rows = stories.Select(chunks => new ChunkedStory { Text = string.Join(" ", chunks), Segments = [.. chunks] }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        foreach (var stage in stages.Where(s => s is not SentenceSegmentTransformer)) data = stage.Transform(data);
        return StoryRows.Read(data, new InputColumn(ColumnNames.ClusterIds, StoryColumnKind.Int32Vector)).Select(r => (int[])r[0]).ToList();
    }

    sealed class ChunkedStory
    {
        [ColumnName(ColumnNames.Text)]
        public string Text { get; set; } = "";

        [ColumnName(ColumnNames.Segments)]
        public string[] Segments { get; set; } = [];
    }
}
