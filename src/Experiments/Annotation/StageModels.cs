using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Onnx.Embedding;
using Microsoft.ML.SemanticContext.Onnx.Masking;
using Microsoft.ML.SemanticContext.Onnx.Segmentation;
using Microsoft.ML.SemanticContext.Transforms.Embedding;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Experiments.Annotation;

/// <summary>
/// The real models a user chose for the stages instead of the built-in defaults, as the command line names them:
/// <c>--segmenter sat:DIR</c>, <c>--ner DIR</c>, <c>--embedder onnx:DIR</c> (ONNX model folders). Null: the built-in default.
/// </summary>
public sealed record StageModels(string? SatFolder = null, string? NerFolder = null, string? EmbedderFolder = null)
{
    public static StageModels BuiltIn { get; } = new();

    /// <summary>Reads the command-line values; a value without its kind prefix is an error naming the option.</summary>
    public static StageModels Parse(string? segmenter, string? ner, string? embedder) => new(
        segmenter is null ? null : Folder(segmenter, "sat:", "--segmenter"),
        ner is null ? null : Path.GetFullPath(ner),
        embedder is null ? null : Folder(embedder, "onnx:", "--embedder"));

    static string Folder(string value, string prefix, string option) =>
        value.StartsWith(prefix, StringComparison.Ordinal) && value.Length > prefix.Length
            ? Path.GetFullPath(value[prefix.Length..])
            : throw new ArgumentException($"{option} takes {prefix}<model folder> (an ONNX export), not '{value}'.");

    /// <summary>The SaT splitter on <paramref name="ml"/>'s device, or null for the built-in splitter.</summary>
    public ISentenceSplitter? OpenSplitter(MLContext ml) => SatFolder is null ? null : SatSentenceSplitter.Open(ml, SatFolder);

    public OnnxNameRecognizer? OpenNameRecognizer(MLContext ml) => NerFolder is null ? null : OnnxNameRecognizer.Open(ml, NerFolder);

    public ISegmentEmbedder? OpenEmbedder(MLContext ml) => EmbedderFolder is null ? null : OnnxSentenceEmbedder.Open(ml, EmbedderFolder);

    /// <summary>For an experiment's fingerprint: which model each stage uses.</summary>
    public JsonObject Describe() => new()
    {
        ["segmenter"] = SatFolder is null ? "built-in" : $"sat:{SatFolder}",
        ["ner"] = NerFolder ?? "built-in",
        ["embedder"] = EmbedderFolder is null ? "built-in" : $"onnx:{EmbedderFolder}",
    };
}
