using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Onnx.Export;

/// <summary>
/// Writes a language model as an ONNX folder in Hugging Face Optimum's layout: <c>model.onnx</c> (no cache),
/// optionally <c>decoder_with_past_model.onnx</c> (with the key/value cache), <c>config.json</c> and the tokenizer's
/// Hugging Face files (plan tokens as added special tokens). The weights are initializers inside each graph; every
/// model this library trains is far below protobuf's 2 GB limit (the 33M shape writes about 270 MB per graph), so no
/// external data file is needed. See <see cref="GptNeoOnnxGraph"/> for the graphs' inputs and outputs.
/// </summary>
public static class GptNeoOnnxExport
{
    public const string ModelFileName = "model.onnx", WithPastFileName = "decoder_with_past_model.onnx";

    /// <summary>The ONNX opset the graphs use (17: the first with LayerNormalization).</summary>
    public const int Opset = OnnxGraph.Opset;

    /// <summary>Metadata key of the model's context (rows of the position embedding), which the graph's shapes do not carry.</summary>
    public const string MaxPositionsKey = "max_position_embeddings";

    /// <summary>
    /// Writes the folder <paramref name="directory"/> (new or empty) through a temporary sibling, so a failed export
    /// leaves nothing half written.
    /// </summary>
    public static void Export(CausalLanguageModel lm, string directory, bool withPast)
    {
        ArgumentNullException.ThrowIfNull(lm);
        AtomicFolder.Write(directory, "the ONNX export folder", temporary =>
        {
            WriteGraph(lm.Model, Path.Combine(temporary, ModelFileName), withPast: false);
            if (withPast) WriteGraph(lm.Model, Path.Combine(temporary, WithPastFileName), withPast: true);
            GptNeoConfigJson.Write(Path.Combine(temporary, "config.json"), lm.Model.Config, HuggingFaceTokenIds.Of(lm.Tokenizer));
            lm.Tokenizer.SaveHuggingFace(temporary, modelMaxLength: lm.Model.Config.MaxPositions);
        });
    }

    /// <summary>Writes one graph of <paramref name="model"/> to <paramref name="path"/> (atomically).</summary>
    public static void WriteGraph(GptNeoModel model, string path, bool withPast)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = GptNeoOnnxGraph.Build(model, withPast);
        var metadata = new Dictionary<string, string>
        {
            ["model_type"] = "gpt_neo",
            ["with_past"] = withPast ? "true" : "false",
            [MaxPositionsKey] = model.Config.MaxPositions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        // AtomicFile's stream is buffered: the many small protobuf fields do not each reach the disk.
        AtomicFile.Write(path, stream => graph.WriteModel(stream, Producer, typeof(GptNeoOnnxExport).Assembly.GetName().Version?.ToString() ?? "", metadata));
    }

    const string Producer = "Microsoft.ML.SemanticContext";
}
