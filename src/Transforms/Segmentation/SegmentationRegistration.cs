using System.Runtime.CompilerServices;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

internal static class SegmentationRegistration
{
    // The registry is explicit by design (DESIGN §2): the module initializer runs when a saved model names this assembly.
    [ModuleInitializer]
    internal static void Register()
    {
        ComponentRegistry.Stages.Register(SentenceSegmentTransformer.TypeId, SentenceSegmentTransformer.Version, SentenceSegmentTransformer.Load);
        SentenceSplitters.Registry.Register("punkt", 1, PunktSentenceSplitter.Load);
    }
}
