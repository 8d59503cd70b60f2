using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Transforms.Clustering;

namespace Microsoft.ML.SemanticContext.Experiments.Annotation;

/// <summary>One annotation configuration of the method: chunk size, number of clusters, token placement.</summary>
public sealed record AnnotationConfig(int SentencesPerChunk = 2, int K = 5, Placement Placement = Placement.Prepend)
{
    /// <summary>A short name for folders and model names, e.g. <c>s2-k5-prepend</c>.</summary>
    public string Name => $"s{SentencesPerChunk}-k{K}-{Placement.ToString().ToLowerInvariant()}";

    /// <summary>Reads a <see cref="Name"/> back, e.g. <c>s2-k5-prepend</c>.</summary>
    public static AnnotationConfig Parse(string name)
    {
        var parts = name.Trim().ToLowerInvariant().Split('-');
        if (parts.Length == 3 && parts[0].StartsWith('s') && int.TryParse(parts[0][1..], out int sentences) && sentences >= 1
            && parts[1].StartsWith('k') && int.TryParse(parts[1][1..], out int k) && k >= 2
            && Enum.TryParse<Placement>(parts[2], ignoreCase: true, out var placement) && Enum.IsDefined(placement))
            return new AnnotationConfig(sentences, k, placement);
        throw new InvalidOptionException("Configurations", $"holds '{name}', which is not an annotation configuration; write s<sentences>-k<clusters>-<prepend|postpend>, e.g. s2-k5-prepend.");
    }
}

/// <summary>The four stages of the method composed in order (segment → mask → embed → cluster tokens).</summary>
public static class AnnotationPipeline
{
    public static EstimatorChain<ClusterTokenTransformer> Build(MLContext ml, AnnotationConfig config, string? namesFile = null)
    {
        if (config.SentencesPerChunk < 1)
            throw new InvalidOptionException(nameof(config.SentencesPerChunk), $"must be at least 1, not {config.SentencesPerChunk}.");
        if (config.K < 2)
            throw new InvalidOptionException(nameof(config.K), $"must be at least 2, not {config.K}.");
        // Checkpoints after segmentation and masking keep each later Fit from re-running those stages over the corpus.
        return ml.Transforms.SemanticContext.SegmentSentences(config.SentencesPerChunk)
            .AppendCacheCheckpoint(ml)
            .Append(ml.Transforms.SemanticContext.MaskEntities(namesFile: namesFile))
            .AppendCacheCheckpoint(ml)
            .Append(ml.Transforms.SemanticContext.EmbedSegments())
            .Append(ml.Transforms.SemanticContext.AssignClusterTokens(config.K, config.Placement));
    }
}
