using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Transforms.Clustering;
using Microsoft.ML.SemanticContext.Transforms.Embedding;
using Microsoft.ML.SemanticContext.Transforms.Masking;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

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
    /// <summary>The pipeline of <paramref name="config"/>; <paramref name="models"/> replaces built-in stages by real models.</summary>
    public static EstimatorChain<ClusterTokenTransformer> Build(MLContext ml, AnnotationConfig config, string? namesFile = null, StageModels? models = null)
    {
        models ??= StageModels.BuiltIn;
        if (config.SentencesPerChunk < 1)
            throw new InvalidOptionException(nameof(config.SentencesPerChunk), $"must be at least 1, not {config.SentencesPerChunk}.");
        if (config.K < 2)
            throw new InvalidOptionException(nameof(config.K), $"must be at least 2, not {config.K}.");
        // Checkpoints after segmentation and masking keep each later Fit from re-running those stages over the corpus.
        return ml.Transforms.SemanticContext.SegmentSentences(new SentenceSegmentOptions { SentencesPerSegment = config.SentencesPerChunk, Splitter = models.OpenSplitter(ml) })
            .AppendCacheCheckpoint(ml)
            .Append(ml.Transforms.SemanticContext.MaskEntities(new EntityMaskOptions { NamesFile = namesFile, NameRecognizer = models.OpenNameRecognizer(ml) }))
            .AppendCacheCheckpoint(ml)
            .Append(ml.Transforms.SemanticContext.EmbedSegments(new SegmentEmbeddingOptions { Embedder = models.OpenEmbedder(ml) }))
            .Append(ml.Transforms.SemanticContext.AssignClusterTokens(config.K, config.Placement));
    }
}
