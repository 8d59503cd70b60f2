using System.Runtime.CompilerServices;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>Registers the embedding stage and the built-in embedder so saved models load in a fresh process.</summary>
static class EmbeddingRegistration
{
    [ModuleInitializer]
    internal static void Register()
    {
        ComponentRegistry.Register<StellaEmbeddingTransformer>(StellaEmbeddingTransformer.TypeId, StellaEmbeddingTransformer.Version, StellaEmbeddingTransformer.Load);
        SegmentEmbedderRegistry.Register(TfidfSvdEmbedder.Id, TfidfSvdEmbedder.Load);
    }
}
