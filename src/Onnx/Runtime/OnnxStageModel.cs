using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Onnx.Tokenization;

namespace Microsoft.ML.SemanticContext.Onnx.Runtime;

/// <summary>
/// What every ONNX stage opens from a model folder: the checked encoder session on the context's device, the
/// tokenizer, and the longest sequence the model takes. Opening logs which execution provider runs and why.
/// </summary>
public sealed class OnnxStageModel : IDisposable
{
    /// <summary>Used when neither tokenizer_config.json nor config.json gives the model's length.</summary>
    public const int DefaultMaxLength = 512;

    OnnxStageModel(OnnxModelFolder folder, OnnxEncoder encoder, ModelTokenizer tokenizer, int maxLength)
    {
        Folder = folder;
        Encoder = encoder;
        Tokenizer = tokenizer;
        MaxLength = maxLength;
    }

    public OnnxModelFolder Folder { get; }
    public OnnxEncoder Encoder { get; }
    public ModelTokenizer Tokenizer { get; }

    /// <summary>Tokens per sequence the model takes, special tokens included.</summary>
    public int MaxLength { get; }

    /// <summary>One line for descriptions: folder, tokenizer and execution provider.</summary>
    public string Summary => $"{Folder.Path} ({Tokenizer.Kind}, ≤ {MaxLength} tokens, ONNX Runtime on {Encoder.Device.Provider})";

    public static OnnxStageModel Open(IHostEnvironment environment, OnnxModelFolder folder, OnnxSignature signature, string component)
    {
        var host = new ComponentHost(environment, component);
        var tokenizer = ModelTokenizer.Open(folder, component);
        var encoder = OnnxEncoder.Open(folder.ModelPath, signature, ContextDevice.Of(environment), host.Settings.Threads, component);
        host.Log($"{component}: ONNX Runtime runs {folder.ModelPath} on {encoder.Device.Provider}: {encoder.Device.Reason}");
        return new OnnxStageModel(folder, encoder, tokenizer, ReadMaxLength(folder));
    }

    /// <summary>
    /// The smaller of tokenizer_config.json's model_max_length and config.json's max_position_embeddings (less the two
    /// positions RoBERTa-family models reserve for padding); 512 when neither says.
    /// </summary>
    static int ReadMaxLength(OnnxModelFolder folder)
    {
        int length = int.MaxValue;
        if (folder.ReadJson("tokenizer_config.json")?["model_max_length"] is { } configured && configured.GetValue<double>() is > 0 and < 1e6 and var m)
            length = (int)m;
        var config = folder.ReadJson("config.json");
        if (config?["max_position_embeddings"] is { } positions)
        {
            string type = config["model_type"]?.GetValue<string>() ?? "";
            int reserved = type.Contains("roberta") || type.StartsWith("xlm") ? 2 : 0;
            length = Math.Min(length, positions.GetValue<int>() - reserved);
        }
        return length == int.MaxValue ? DefaultMaxLength : length;
    }

    public void Dispose() => Encoder.Dispose();
}
