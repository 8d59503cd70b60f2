using Microsoft.ML.OnnxRuntime;

namespace Microsoft.ML.SemanticContext.Onnx.Runtime;

/// <summary>Opening an ONNX Runtime session and describing its inputs and outputs, for every graph this library loads.</summary>
static class OnnxSessions
{
    /// <summary>Loads <paramref name="modelPath"/>; a file ONNX Runtime refuses is an <see cref="InvalidDataException"/> naming it.</summary>
    public static InferenceSession Load(string modelPath, SessionOptions options, string component)
    {
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{component}: ONNX Runtime cannot load '{modelPath}' ({e.Message.Trim()}).", e);
        }
    }

    /// <summary>"name Type[d0,d1,…]" for each node, "?" for a symbolic dimension.</summary>
    public static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(n => $"{n.Key} {n.Value.ElementDataType}[{string.Join(",", n.Value.Dimensions.Select(d => d < 0 ? "?" : d.ToString()))}]"));
}
