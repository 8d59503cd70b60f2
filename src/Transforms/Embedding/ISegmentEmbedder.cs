using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>
/// Turns chunks of text into dense vectors: the seam between <see cref="SegmentEmbeddingTransformer"/> and the model
/// behind it (the built-in <see cref="TfidfSvdEmbedder"/>, or a sentence-embedding model such as Stella through ONNX).
/// Implementations are immutable once built, safe to call from several threads at once, and register their loader
/// in <see cref="SegmentEmbedders.Registry"/>.
/// </summary>
public interface ISegmentEmbedder : IArchivedComponent
{
    /// <summary>Length of every chunk's vector.</summary>
    int Dimension { get; }

    /// <summary>One line for logs and reports: which implementation this is and how it was built.</summary>
    string Description { get; }

    /// <summary>The chunks' vectors, one after another: [chunks.Count, <see cref="Dimension"/>] row-major.</summary>
    float[] Embed(IReadOnlyList<string> chunks);
}

/// <summary>The loaders of saved embedders; implementations in other assemblies register from their module initializer.</summary>
public static class SegmentEmbedders
{
    public static ComponentRegistry<ISegmentEmbedder> Registry { get; } = new("segment embedder");
}
