using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Onnx.Runtime;

namespace Microsoft.ML.SemanticContext.Onnx.Generation;

/// <summary>
/// An exported GPT-Neo graph without a cache (<c>model.onnx</c>: input_ids [batch, sequence] → logits [batch, sequence,
/// vocab]) in one ONNX Runtime session, for folders exported without <c>--with-past</c>. Its decoders re-run the whole
/// prefix every step (<see cref="OnnxPrefixDecoder"/>): slower than <see cref="OnnxLanguageModel"/>, same tokens.
/// </summary>
public sealed class OnnxPrefixLanguageModel : IDisposable
{
    OnnxPrefixLanguageModel(InferenceSession session, OnnxDevice.Choice device, int vocabulary, int maxPositions)
    {
        Session = session;
        Device = device;
        VocabularySize = vocabulary;
        MaxPositions = maxPositions;
    }

    internal InferenceSession Session { get; }

    /// <summary>The execution provider that runs the graph and why it was chosen.</summary>
    public OnnxDevice.Choice Device { get; }
    public int VocabularySize { get; }

    /// <summary>The model's context (rows of its position embedding), from the graph's metadata.</summary>
    public int MaxPositions { get; }

    /// <summary>Opens <paramref name="modelPath"/> on <paramref name="device"/> with <paramref name="threads"/> intra-op threads (0: ONNX Runtime's choice).</summary>
    public static OnnxPrefixLanguageModel Open(string modelPath, ContextDevice device, int threads = 0) =>
        OnnxLanguageModel.Open(modelPath, device, threads, Check);

    /// <summary>A decoder for <paramref name="batch"/> sequences generated together.</summary>
    public OnnxPrefixDecoder CreateDecoder(int batch) => new(this, batch);

    /// <summary>Requires input_ids in and logits [batch, sequence, vocab] out, and the context in the metadata; a mismatch lists what was expected and what the graph has.</summary>
    static OnnxPrefixLanguageModel Check(InferenceSession session, OnnxDevice.Choice choice, string modelPath)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        int[] logitDims = outputs.TryGetValue(GptNeoOnnxGraph.Logits, out var logits) ? logits.Dimensions : [];
        int maxPositions = OnnxLanguageModel.MaxPositionsOf(session);
        if (inputs.Count != 1 || !inputs.ContainsKey(GptNeoOnnxGraph.InputIds) || outputs.Count != 1
            || logitDims.Length != 3 || logitDims[2] <= 0 || maxPositions <= 0)
            throw new InvalidDataException(
                $"{OnnxLanguageModel.Component}: '{modelPath}' is not a GPT-Neo graph written by sctok export-onnx. Expected input " +
                $"{GptNeoOnnxGraph.InputIds} [batch, sequence]; output {GptNeoOnnxGraph.Logits} [batch, sequence, vocab]; metadata {GptNeoOnnxExport.MaxPositionsKey}. " +
                $"Found inputs {OnnxSessions.Describe(inputs)}; outputs {OnnxSessions.Describe(outputs)}; metadata {string.Join(", ", session.ModelMetadata.CustomMetadataMap.Keys)}.");
        return new OnnxPrefixLanguageModel(session, choice, logitDims[2], maxPositions);
    }

    public void Dispose() => Session.Dispose();
}
