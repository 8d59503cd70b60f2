using System.Runtime.CompilerServices;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>Registers the embedding stage and the built-in embedder so saved models load in a fresh process.</summary>
static class EmbeddingRegistration
{
    // The registry is explicit by design (DESIGN §2): the module initializer runs when a saved model names this assembly.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        ComponentRegistry.Register<StellaEmbeddingTransformer>(StellaEmbeddingTransformer.TypeId, StellaEmbeddingTransformer.Version, StellaEmbeddingTransformer.Load);
        SegmentEmbedderRegistry.Register(TfidfSvdEmbedder.Id, TfidfSvdEmbedder.Load);
    }
}
