using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Onnx.Runtime;

namespace Microsoft.ML.SemanticContext.Onnx.Generation;

/// <summary>
/// An exported GPT-Neo decoder with a key/value cache (<c>decoder_with_past_model.onnx</c>, see
/// <see cref="GptNeoOnnxGraph"/>) in one ONNX Runtime session, all graph optimisations on. Its signature is checked
/// when opened; <see cref="CreateDecoder"/> gives the per-generation state that <c>GptNeoGenerator.Generate</c> steps
/// through, so generation runs on ONNX Runtime (CPU, or CUDA with a GPU build) instead of the C# kernels.
/// </summary>
public sealed class OnnxLanguageModel : IDisposable
{
    internal const string Component = "ONNX language model";

    OnnxLanguageModel(InferenceSession session, OnnxDevice.Choice device, int layers, int heads, int headSize, int vocabulary, int maxPositions)
    {
        Session = session;
        Device = device;
        Layers = layers;
        Heads = heads;
        HeadSize = headSize;
        VocabularySize = vocabulary;
        MaxPositions = maxPositions;
        InputNames = [GptNeoOnnxGraph.InputIds, GptNeoOnnxGraph.AttentionMask, GptNeoOnnxGraph.PositionIds,
            .. Enumerable.Range(0, layers).SelectMany(l => new[] { GptNeoOnnxGraph.PastKey(l), GptNeoOnnxGraph.PastValue(l) })];
        OutputNames = [GptNeoOnnxGraph.Logits, .. Enumerable.Range(0, layers).SelectMany(l => new[] { GptNeoOnnxGraph.PresentKey(l), GptNeoOnnxGraph.PresentValue(l) })];
    }

    internal InferenceSession Session { get; }
    internal string[] InputNames { get; }
    internal string[] OutputNames { get; }

    /// <summary>The execution provider that runs the graph and why it was chosen.</summary>
    public OnnxDevice.Choice Device { get; }
    public int Layers { get; }
    public int Heads { get; }
    public int HeadSize { get; }
    public int VocabularySize { get; }

    /// <summary>The model's context (rows of its position embedding), from the graph's metadata.</summary>
    public int MaxPositions { get; }

    /// <summary>Opens <paramref name="modelPath"/> on <paramref name="device"/> with <paramref name="threads"/> intra-op threads (0: ONNX Runtime's choice).</summary>
    public static OnnxLanguageModel Open(string modelPath, ContextDevice device, int threads = 0) => Open(modelPath, device, threads, Check);

    /// <summary>
    /// Loads an exported graph in a session with every graph optimisation on and hands it to <paramref name="check"/>
    /// (signature check → the model), disposing the session when the check throws.
    /// </summary>
    internal static T Open<T>(string modelPath, ContextDevice device, int threads, Func<InferenceSession, OnnxDevice.Choice, string, T> check)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        var choice = OnnxDevice.Configure(options, device, Component, OrtEnv.Instance().GetAvailableProviders());
        var session = OnnxSessions.Load(modelPath, options, Component);
        try
        {
            return check(session, choice, modelPath);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The context the export wrote into the graph's metadata (the graph's shapes do not carry it); 0 when absent.</summary>
    internal static int MaxPositionsOf(InferenceSession session) =>
        session.ModelMetadata.CustomMetadataMap.TryGetValue(GptNeoOnnxExport.MaxPositionsKey, out var text) && int.TryParse(text, out int m) ? m : 0;

    /// <summary>A decoder for <paramref name="batch"/> sequences generated together (its cache lives in ONNX Runtime's memory).</summary>
    public OnnxLanguageModelDecoder CreateDecoder(int batch) => new(this, batch);

    /// <summary>
    /// Requires the decoder-with-past layout: input_ids, attention_mask, position_ids and past_key_values.{i}.key/value
    /// [batch, heads, past, head size] in, logits [batch, sequence, vocab] and present.{i}.key/value out; a mismatch
    /// lists what was expected and what the graph has.
    /// </summary>
    static OnnxLanguageModel Check(InferenceSession session, OnnxDevice.Choice choice, string modelPath)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        int layers = inputs.Keys.Count(k => k.StartsWith("past_key_values.", StringComparison.Ordinal) && k.EndsWith(".key", StringComparison.Ordinal));
        int[] pastDims = inputs.TryGetValue(GptNeoOnnxGraph.PastKey(0), out var past) ? past.Dimensions : [];
        int[] logitDims = outputs.TryGetValue(GptNeoOnnxGraph.Logits, out var logits) ? logits.Dimensions : [];
        var expectedInputs = new[] { GptNeoOnnxGraph.InputIds, GptNeoOnnxGraph.AttentionMask, GptNeoOnnxGraph.PositionIds }
            .Concat(Enumerable.Range(0, layers).SelectMany(l => new[] { GptNeoOnnxGraph.PastKey(l), GptNeoOnnxGraph.PastValue(l) })).ToHashSet();
        var expectedOutputs = new[] { GptNeoOnnxGraph.Logits }
            .Concat(Enumerable.Range(0, layers).SelectMany(l => new[] { GptNeoOnnxGraph.PresentKey(l), GptNeoOnnxGraph.PresentValue(l) })).ToHashSet();
        int maxPositions = MaxPositionsOf(session);
        if (layers == 0 || !expectedInputs.SetEquals(inputs.Keys) || !expectedOutputs.SetEquals(outputs.Keys)
            || pastDims.Length != 4 || pastDims[1] <= 0 || pastDims[3] <= 0 || logitDims.Length != 3 || logitDims[2] <= 0 || maxPositions <= 0)
            throw new InvalidDataException(
                $"{Component}: '{modelPath}' is not a GPT-Neo decoder with past written by sctok export-onnx --with-past. Expected inputs " +
                $"{GptNeoOnnxGraph.InputIds}, {GptNeoOnnxGraph.AttentionMask}, {GptNeoOnnxGraph.PositionIds}, past_key_values.{{i}}.key/value [batch, heads, past, head size]; " +
                $"outputs {GptNeoOnnxGraph.Logits} [batch, sequence, vocab], present.{{i}}.key/value; metadata {GptNeoOnnxExport.MaxPositionsKey}. " +
                $"Found inputs {OnnxSessions.Describe(inputs)}; outputs {OnnxSessions.Describe(outputs)}; metadata {string.Join(", ", session.ModelMetadata.CustomMetadataMap.Keys)}.");
        return new OnnxLanguageModel(session, choice, layers, pastDims[1], pastDims[3], logitDims[2], maxPositions);
    }

    public void Dispose() => Session.Dispose();
}
