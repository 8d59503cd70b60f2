using System.Runtime.CompilerServices;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>Registers the embedding stage and the built-in embedder so saved models load in a fresh process.</summary>
static class EmbeddingRegistration
{
    // The registry is explicit by design (DESIGN §2): the module initializer runs when a saved model names this assembly.
    [ModuleInitializer]
    internal static void Register()
    {
        ComponentRegistry.Stages.Register(SegmentEmbeddingTransformer.TypeId, SegmentEmbeddingTransformer.Version, SegmentEmbeddingTransformer.Load);
        SegmentEmbedders.Registry.Register("tfidf-svd", 1, TfidfSvdEmbedder.Load);
    }
}
