using Microsoft.ML.SemanticContext.Transforms.Clustering;
using Microsoft.ML.SemanticContext.Transforms.Embedding;
using Microsoft.ML.SemanticContext.Transforms.Masking;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Experiments.Annotation;

/// <summary>
/// What a fitted annotator is made of, in the fitted components' own words (which built-in or real model ran), and
/// its configuration, read from its stages; reports and logs take these rather than literals.
/// </summary>
public sealed record AnnotatorDescription(string Segmenter, string Masker, string Embedder, AnnotationConfig Config)
{
    public static AnnotatorDescription Of(ITransformer annotator)
    {
        var stages = annotator is IEnumerable<ITransformer> chain ? chain.ToList() : [annotator];
        T Stage<T>() => stages.OfType<T>().SingleOrDefault()
            ?? throw new InvalidDataException($"The annotator has no {typeof(T).Name} stage (stages: {string.Join(", ", stages.Select(s => s.GetType().Name))}).");
        var segment = Stage<SentenceSegmentTransformer>();
        var tokens = Stage<ClusterTokenTransformer>();
        return new AnnotatorDescription(segment.Description, Stage<EntityMaskTransformer>().Description,
            Stage<SegmentEmbeddingTransformer>().Description, new AnnotationConfig(segment.SentencesPerSegment, tokens.K, tokens.Placement));
    }
}
