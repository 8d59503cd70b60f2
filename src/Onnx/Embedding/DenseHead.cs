using System.Numerics.Tensors;
using Microsoft.ML.SemanticContext.Onnx.Runtime;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Onnx.Embedding;

/// <summary>
/// sentence-transformers' Dense module (<c>2_Dense/config.json</c> + <c>model.safetensors</c>): y = f(W x + b) with
/// W [out, in] as PyTorch stores it and f the identity or tanh. Stella's 1536-d head is one.
/// </summary>
public sealed class DenseHead
{
    readonly float[] _weight; // [Out, In]
    readonly float[] _bias;   // [Out]
    readonly bool _tanh;

    DenseHead(string folder, int inFeatures, int outFeatures, float[] weight, float[] bias, bool tanh)
    {
        Folder = folder;
        In = inFeatures;
        Out = outFeatures;
        _weight = weight;
        _bias = bias;
        _tanh = tanh;
    }

    public string Folder { get; }
    public int In { get; }
    public int Out { get; }

    /// <summary>The first <c>2_Dense*</c> folder of the model, or null when it has none.</summary>
    public static DenseHead? Read(OnnxModelFolder folder)
    {
        var dense = Directory.EnumerateDirectories(folder.Path, "2_Dense*").Order(StringComparer.Ordinal).FirstOrDefault();
        if (dense is null) return null;
        string name = Path.GetFileName(dense);
        var config = folder.ReadJson($"{name}/config.json")
            ?? throw new FileNotFoundException($"'{dense}' has no config.json (in_features, out_features, activation_function).");
        string weights = Path.Combine(dense, "model.safetensors");
        if (!File.Exists(weights))
            throw new FileNotFoundException($"'{dense}' has no model.safetensors; convert its pytorch_model.bin to safetensors.", weights);
        int inFeatures = config["in_features"]!.GetValue<int>(), outFeatures = config["out_features"]!.GetValue<int>();
        string activation = config["activation_function"]?.GetValue<string>() ?? "torch.nn.modules.linear.Identity";
        bool tanh = activation.EndsWith("Tanh");
        if (!tanh && !activation.EndsWith("Identity"))
            throw new NotSupportedException($"'{dense}/config.json': activation '{activation}' is not supported (Identity or Tanh).");
        var tensors = SafeTensors.Read(weights).Tensors.ToDictionary(t => t.Name);
        if (!tensors.TryGetValue("linear.weight", out var w) || w.Shape is not [var o, var i] || o != outFeatures || i != inFeatures)
            throw new InvalidDataException($"'{weights}' must hold linear.weight [{outFeatures}, {inFeatures}] as its config.json says.");
        bool hasBias = config["bias"]?.GetValue<bool>() ?? true;
        float[] bias = new float[outFeatures];
        if (hasBias)
        {
            if (!tensors.TryGetValue("linear.bias", out var b) || b.Data.Length != outFeatures)
                throw new InvalidDataException($"'{weights}' must hold linear.bias [{outFeatures}].");
            bias = b.Data;
        }
        return new DenseHead(name, inFeatures, outFeatures, w.Data, bias, tanh);
    }

    /// <summary>y [Out] = f(W x + b) for x [In].</summary>
    public void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int o = 0; o < Out; o++) y[o] = TensorPrimitives.Dot(_weight.AsSpan(o * In, In), x) + _bias[o];
        if (_tanh) TensorPrimitives.Tanh(y, y);
    }
}
