using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Microsoft.ML.SemanticContext.Onnx.Runtime;

/// <summary>The inputs and outputs a stage needs from an encoder graph, for the signature check.</summary>
/// <param name="RequiredInputs">Inputs the graph must have (e.g. input_ids, attention_mask).</param>
/// <param name="OptionalInputs">Inputs fed when present (token_type_ids, as zeros).</param>
/// <param name="Outputs">Accepted names of the per-token output [batch, sequence, width]; the first present is read.</param>
public sealed record OnnxSignature(string[] RequiredInputs, string[] OptionalInputs, string[] Outputs)
{
    public override string ToString() =>
        $"inputs {string.Join(", ", RequiredInputs)}{(OptionalInputs.Length > 0 ? $" (optional {string.Join(", ", OptionalInputs)})" : "")}; " +
        $"output {string.Join(" or ", Outputs)} [batch, sequence, width]";
}

/// <summary>
/// One ONNX encoder graph in an ONNX Runtime session: checks its signature when opened, then runs padded batches of
/// token ids and returns the per-token output. Thread-safe (ONNX Runtime sessions may run concurrently).
/// </summary>
public sealed class OnnxEncoder : IDisposable
{
    readonly InferenceSession _session;
    readonly string[] _inputs;            // the graph's inputs this encoder feeds, in the graph's order
    readonly string _output;
    readonly Dictionary<string, TensorElementType> _inputTypes;

    OnnxEncoder(InferenceSession session, string[] inputs, string output, OnnxDevice.Choice device, int width)
    {
        _session = session;
        _inputs = inputs;
        _output = output;
        _inputTypes = inputs.ToDictionary(i => i, i => session.InputMetadata[i].ElementDataType);
        Device = device;
        Width = width;
    }

    /// <summary>The execution provider that runs the graph and why it was chosen.</summary>
    public OnnxDevice.Choice Device { get; }

    /// <summary>The last dimension of the output (hidden size or number of labels); 0 when the graph leaves it symbolic.</summary>
    public int Width { get; }

    /// <summary>
    /// Opens <paramref name="modelPath"/> on the context's device with <paramref name="threads"/> intra-op threads and
    /// checks it against <paramref name="signature"/>; a mismatch lists what was expected and what the graph has.
    /// </summary>
    public static OnnxEncoder Open(string modelPath, OnnxSignature signature, ContextDevice device, int threads, string component)
    {
        // Warnings of ONNX Runtime itself (graph clean-ups) would clutter the CLI's stderr; errors still surface as exceptions.
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        var choice = OnnxDevice.Configure(options, device, component, OrtEnv.Instance().GetAvailableProviders());
        var session = OnnxSessions.Load(modelPath, options, component);
        try
        {
            var (inputs, output, width) = Check(session, signature, modelPath, component);
            return new OnnxEncoder(session, inputs, output, choice, width);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    static (string[] Inputs, string Output, int Width) Check(InferenceSession session, OnnxSignature signature, string modelPath, string component)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        var known = signature.RequiredInputs.Concat(signature.OptionalInputs).ToHashSet();
        var missing = signature.RequiredInputs.Where(i => !inputs.ContainsKey(i)).ToList();
        var unexpected = inputs.Keys.Where(i => !known.Contains(i)).ToList();
        string? output = signature.Outputs.FirstOrDefault(outputs.ContainsKey);
        var problems = new List<string>();
        if (missing.Count > 0) problems.Add($"missing input(s) {string.Join(", ", missing)}");
        if (unexpected.Count > 0) problems.Add($"input(s) this stage cannot feed: {string.Join(", ", unexpected)}");
        if (output is null) problems.Add($"no output named {string.Join(" or ", signature.Outputs)}");
        else if (outputs[output].Dimensions.Length != 3 || outputs[output].ElementDataType != TensorElementType.Float)
            problems.Add($"output {output} is {outputs[output].ElementDataType} of rank {outputs[output].Dimensions.Length}, not a float [batch, sequence, width]");
        foreach (var name in inputs.Keys.Where(known.Contains))
            if (inputs[name].ElementDataType is not (TensorElementType.Int64 or TensorElementType.Int32 or TensorElementType.Float))
                problems.Add($"input {name} is {inputs[name].ElementDataType}, not an integer or float tensor");
        if (problems.Count > 0)
            throw new InvalidDataException(
                $"{component}: '{modelPath}' does not have the expected signature: {string.Join("; ", problems)}. " +
                $"Expected {signature}. Found inputs {OnnxSessions.Describe(inputs)}; outputs {OnnxSessions.Describe(outputs)}.");
        int width = Math.Max(0, outputs[output!].Dimensions[2]);
        return (inputs.Keys.Where(known.Contains).ToArray(), output!, width);
    }

    /// <summary>
    /// Runs one batch: each sequence of ids is right-padded with <paramref name="padId"/> to the longest (attention mask
    /// 0 on padding). Returns the output [batch, length, width] row-major, the padded length and the width.
    /// </summary>
    public float[] Run(IReadOnlyList<int[]> sequences, int padId, out int length, out int width)
    {
        int batch = sequences.Count;
        length = sequences.Max(s => s.Length);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        for (int b = 0; b < batch; b++)
        {
            var s = sequences[b];
            for (int t = 0; t < length; t++)
            {
                ids[b * length + t] = t < s.Length ? s[t] : padId;
                mask[b * length + t] = t < s.Length ? 1 : 0;
            }
        }
        long[] shape = [batch, length];
        var values = new List<OrtValue>(_inputs.Length);
        try
        {
            foreach (var name in _inputs)
                values.Add(Tensor(_inputTypes[name], name switch { "input_ids" => ids, "attention_mask" => mask, _ => new long[ids.Length] }, shape));
            using var runOptions = new RunOptions();
            using var results = _session.Run(runOptions, _inputs, values, [_output]);
            var result = results[0];
            var dims = result.GetTensorTypeAndShape().Shape;
            width = (int)dims[2];
            return result.GetTensorDataAsSpan<float>().ToArray();
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    /// <summary>An input tensor in the element type the graph declares (int64, int32 or float).</summary>
    static OrtValue Tensor(TensorElementType type, long[] values, long[] shape) => type switch
    {
        TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(values, shape),
        TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(values, v => (int)v), shape),
        _ => OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(values, v => (float)v), shape),
    };

    public void Dispose() => _session.Dispose();
}
