using Microsoft.ML.Runtime;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// <c>ml.Transforms.SemanticContext</c>: the catalog the annotation stages extend (<c>SegmentSentences</c>,
/// <c>MaskEntities</c>, <c>EmbedSegments</c>, <c>AssignClusterTokens</c>). It carries the context's environment, so
/// every stage seeds, logs and reads its settings from the <see cref="MLContext"/> it was created from.
/// </summary>
public sealed class SemanticContextTransforms
{
    internal SemanticContextTransforms(IHostEnvironment environment) => Environment = environment;

    /// <summary>The environment of the context this catalog belongs to.</summary>
    public IHostEnvironment Environment { get; }
}

/// <summary>The C# 14 extension property that reaches <see cref="SemanticContextTransforms"/> from ML.NET's transforms catalog.</summary>
public static class SemanticContextTransformsCatalog
{
    extension(TransformsCatalog catalog)
    {
        /// <summary>The semantic-context stages: <c>ml.Transforms.SemanticContext.SegmentSentences(...)</c> and the others.</summary>
        public SemanticContextTransforms SemanticContext => new(CatalogEnvironment.Of(catalog));
    }
}
