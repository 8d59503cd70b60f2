using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Clustering;

namespace Microsoft.ML.SemanticContext.Benchmarks.Transforms;

/// <summary>The default annotation pipeline as the benchmarks run it: segment → mask → embed → cluster tokens.</summary>
static class AnnotationPipeline
{
    /// <summary>
    /// Defaults everywhere. Cache checkpoints after segmentation and masking keep fitting from re-running those
    /// stages once per later stage (each Fit would otherwise re-read the corpus through every earlier stage).
    /// </summary>
    public static EstimatorChain<ClusterTokenTransformer> Build(MLContext ml, int sentences, int k, Placement placement = Placement.Prepend) =>
        ml.Transforms.SemanticContext.SegmentSentences(sentences)
            .AppendCacheCheckpoint()
            .Append(ml.Transforms.SemanticContext.MaskEntities())
            .AppendCacheCheckpoint()
            .Append(ml.Transforms.SemanticContext.EmbedSegments())
            .Append(ml.Transforms.SemanticContext.AssignClusterTokens(k, placement));

    /// <summary>Prints each log line with the seconds since <paramref name="clock"/> started.</summary>
    public static void LogWithTimes(MLContext ml, System.Diagnostics.Stopwatch clock) =>
        ml.Log += line => Console.WriteLine($"  [{clock.Elapsed.TotalSeconds,6:F2} s] {line}");

    public static IEnumerable<string> AnnotatedTexts(IDataView annotated) => annotated.GetColumn<string>(ColumnNames.Annotated);
}
