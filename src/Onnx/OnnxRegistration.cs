using System.Runtime.CompilerServices;
using Microsoft.ML.SemanticContext.Onnx.Embedding;
using Microsoft.ML.SemanticContext.Onnx.Masking;
using Microsoft.ML.SemanticContext.Onnx.Segmentation;
using Microsoft.ML.SemanticContext.Transforms.Embedding;
using Microsoft.ML.SemanticContext.Transforms.Masking;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Onnx;

/// <summary>Registers the ONNX parts of the stages so saved pipelines that hold them load in a fresh process.</summary>
static class OnnxRegistration
{
    // The registry is explicit by design (DESIGN §2): the module initializer runs when a saved model names this assembly.
    [ModuleInitializer]
    internal static void Register()
    {
        SegmentEmbedders.Registry.Register(OnnxSentenceEmbedder.TypeId, OnnxSentenceEmbedder.Version, OnnxSentenceEmbedder.Load);
        NameRecognizers.Registry.Register(OnnxNameRecognizer.TypeId, OnnxNameRecognizer.Version, OnnxNameRecognizer.Load);
        SentenceSplitters.Registry.Register(SatSentenceSplitter.TypeId, SatSentenceSplitter.Version, SatSentenceSplitter.Load);
    }
}
