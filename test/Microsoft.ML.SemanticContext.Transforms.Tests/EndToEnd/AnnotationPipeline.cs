using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Transforms.Clustering;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.EndToEnd;

/// <summary>The README's four-stage pipeline and the real stories the end-to-end tests fit it on.</summary>
static class AnnotationPipeline
{
    public static EstimatorChain<ClusterTokenTransformer> Build(MLContext ml, Placement placement = Placement.Prepend) =>
        ml.Transforms.SemanticContext.SegmentSentences(sentencesPerSegment: 2)
            .Append(ml.Transforms.SemanticContext.MaskEntities())
            .AppendCacheCheckpoint(ml)
            .Append(ml.Transforms.SemanticContext.EmbedSegments())
            .Append(ml.Transforms.SemanticContext.AssignClusterTokens(k: 5, placement: placement));

    /// <summary>The first <paramref name="count"/> stories of the clean GPT-4 TinyStories set.</summary>
    public static IDataView Stories(MLContext ml, int count = 300) => ml.Data.LoadFromTexts(SharedData.CleanStories.Take(count));

    /// <summary>Each story as the fitted pipeline annotates it.</summary>
    public static List<AnnotatedStory> Annotate(MLContext ml, ITransformer model, IDataView stories) =>
        ml.Data.CreateEnumerable<AnnotatedStory>(model.Transform(stories), reuseRowObject: false).ToList();
}
