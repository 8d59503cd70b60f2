using System.Text.RegularExpressions;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Hugging Face GPT-Neo checkpoints: a folder with <c>config.json</c> and <c>model.safetensors</c> under the
/// Hugging Face tensor names. Import checks every tensor's name and shape and says which one is wrong.
/// </summary>
public static partial class GptNeoCheckpoint
{
    public const string ConfigFileName = "config.json";
    public const string WeightsFileName = "model.safetensors";

    /// <summary>
    /// Loads a Hugging Face GPT-Neo folder: config.json and the weights, model.safetensors or the shards that
    /// model.safetensors.index.json lists (Hugging Face's order of preference).
    /// </summary>
    public static GptNeoModel Import(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Checkpoint folder '{directory}' does not exist.");
        var (source, read) = Weights(directory);
        var config = GptNeoConfigJson.Read(Path.Combine(directory, ConfigFileName));
        return FromTensors(config, read(), source);
    }

    /// <summary>Whether <paramref name="directory"/> holds weights <see cref="Import"/> reads (model.safetensors, or the shards' index).</summary>
    public static bool HasWeights(string directory) =>
        File.Exists(Path.Combine(directory, WeightsFileName)) || File.Exists(Path.Combine(directory, ShardedSafeTensors.IndexFileName));

    /// <summary>Where a folder's weights are (the file to name in errors) and how to read them; a clear error when there are none.</summary>
    static (string Source, Func<List<NamedTensor>> Read) Weights(string directory)
    {
        var weights = Path.Combine(directory, WeightsFileName);
        if (File.Exists(weights)) return (weights, () => SafeTensors.Read(weights).Tensors);
        var index = Path.Combine(directory, ShardedSafeTensors.IndexFileName);
        if (File.Exists(index)) return (index, () => ShardedSafeTensors.Read(index));
        string hint = File.Exists(Path.Combine(directory, "pytorch_model.bin")) || File.Exists(Path.Combine(directory, "pytorch_model.bin.index.json"))
            ? " It holds pytorch_model.bin (PyTorch's pickle format, which this library does not read); convert it with `safetensors.torch.save_file(torch.load(...), 'model.safetensors')`, or in transformers with `model.save_pretrained(folder, safe_serialization=True)`."
            : string.Empty;
        throw new FileNotFoundException($"Checkpoint folder '{directory}' has no {WeightsFileName} (nor {ShardedSafeTensors.IndexFileName} with its shards).{hint}", weights);
    }

    /// <summary>
    /// Writes config.json (naming <paramref name="tokenIds"/> when given) and model.safetensors (lm_head.weight only when
    /// the head is untied; metadata format "pt", which transformers' loader asks for), each atomically.
    /// </summary>
    public static void Export(GptNeoModel model, string directory, HuggingFaceTokenIds? tokenIds = null)
    {
        Directory.CreateDirectory(directory);
        SafeTensors.Write(Path.Combine(directory, WeightsFileName), ToTensors(model), PyTorchFormat);
        GptNeoConfigJson.Write(Path.Combine(directory, ConfigFileName), model.Config, tokenIds);
    }

    /// <summary>The safetensors metadata transformers expects of PyTorch weights.</summary>
    public static IReadOnlyDictionary<string, string> PyTorchFormat { get; } = new Dictionary<string, string> { ["format"] = "pt" };

    /// <summary>Every parameter as a named tensor (copies), in layout order.</summary>
    public static List<NamedTensor> ToTensors(GptNeoModel model) => ToTensors(model.Layout, model.Parameters, prefix: "");

    /// <summary>Tensors of any buffer laid out like the model's parameters (gradients, optimizer moments), names prefixed.</summary>
    public static List<NamedTensor> ToTensors(GptNeoParameterLayout layout, float[] buffer, string prefix) =>
        layout.Tensors.Select(t => new NamedTensor(prefix + t.Name, t.Shape, buffer.AsSpan((int)t.Offset, (int)t.Size).ToArray())).ToList();

    /// <summary>
    /// Builds a model from named tensors. Every parameter must be present with its exact shape (lm_head.weight too when
    /// the config unties it); a tied config ignores lm_head.weight, as Hugging Face does, and the attention-mask buffers
    /// older Hugging Face versions saved are ignored.
    /// </summary>
    public static GptNeoModel FromTensors(GptNeoConfig config, IEnumerable<NamedTensor> tensors, string source)
    {
        var layout = new GptNeoParameterLayout(config);
        var buffer = new float[layout.TotalSize];
        FillBuffer(layout, buffer, tensors, source, prefix: "");
        return new GptNeoModel(config, buffer);
    }

    /// <summary>Copies tensors named <paramref name="prefix"/> + parameter name into <paramref name="buffer"/>; others are ignored when a prefix is given.</summary>
    public static void FillBuffer(GptNeoParameterLayout layout, float[] buffer, IEnumerable<NamedTensor> tensors, string source, string prefix)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            if (!tensor.Name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            string name = tensor.Name[prefix.Length..];
            if (!layout.TryGet(name, out var expected))
            {
                if (prefix.Length > 0 || IsIgnorable(name)) continue;
                throw new InvalidDataException($"{source}: unexpected tensor '{tensor.Name}' [{Shape(tensor.Shape)}]; it is not part of this GPT-Neo configuration.");
            }
            if (!tensor.Shape.SequenceEqual(expected.Shape))
                throw new InvalidDataException($"{source}: tensor '{tensor.Name}' has shape [{Shape(tensor.Shape)}] but the configuration needs [{Shape(expected.Shape)}].");
            // A NaN or infinite weight makes every output NaN; refuse it here, where the tensor can still be named.
            int nonFinite = Array.FindIndex(tensor.Data, v => !float.IsFinite(v));
            if (nonFinite >= 0)
                throw new InvalidDataException($"{source}: tensor '{tensor.Name}' holds {tensor.Data[nonFinite]} at index {nonFinite}; weights must be finite numbers.");
            tensor.Data.AsSpan().CopyTo(buffer.AsSpan((int)expected.Offset, (int)expected.Size));
            seen.Add(name);
        }
        var missing = layout.Tensors.Where(t => !seen.Contains(t.Name)).Select(t => t.Name).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{source}: missing tensor '{prefix + missing[0]}'" + (missing.Count > 1 ? $" and {missing.Count - 1} more." : ".")
                + (missing.Contains(GptNeoParameterLayout.OutputHeadName) ? " The config sets tie_word_embeddings to false, so the LM head must be a tensor of its own." : ""));
    }

    // Reached only for names outside the layout: lm_head.weight is outside it exactly when the head is tied.
    static bool IsIgnorable(string name) => name == GptNeoParameterLayout.OutputHeadName || MaskBuffer().IsMatch(name);

    [GeneratedRegex(@"^transformer\.h\.\d+\.attn\.attention\.(masked_)?bias$")]
    private static partial Regex MaskBuffer();

    static string Shape(int[] shape) => string.Join(",", shape);
}
