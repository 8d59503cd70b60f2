using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Onnx.Runtime;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Onnx.Generation;

/// <summary>
/// A folder written by <c>sctok export-onnx</c> as a text generator: its tokenizer and its graph in ONNX Runtime,
/// continuing prompts with the same prompt handling, sampling and plan-token choice as
/// <see cref="CausalLanguageModel.Generate"/> (<see cref="TextGeneration"/>, <see cref="GptNeoGenerator"/>). The cached
/// graph (decoder_with_past_model.onnx) runs when the folder has it, else model.onnx re-runs the whole prefix every
/// step; the folder decides, so <see cref="SamplingOptions.UseCache"/> is not consulted.
/// </summary>
public sealed class OnnxCausalLanguageModel : IDisposable
{
    readonly OnnxLanguageModel? cached;
    readonly OnnxPrefixLanguageModel? prefix;

    OnnxCausalLanguageModel(ByteLevelBpeTokenizer tokenizer, string graphPath, OnnxLanguageModel? cached, OnnxPrefixLanguageModel? prefix)
    {
        Tokenizer = tokenizer;
        GraphPath = graphPath;
        this.cached = cached;
        this.prefix = prefix;
    }

    public ByteLevelBpeTokenizer Tokenizer { get; }

    /// <summary>The graph that runs: decoder_with_past_model.onnx, or model.onnx when the folder has no cached graph.</summary>
    public string GraphPath { get; }

    /// <summary>Whether the graph carries the key/value cache.</summary>
    public bool UsesCache => cached is not null;

    /// <summary>The execution provider that runs the graph and why it was chosen.</summary>
    public OnnxDevice.Choice Device => cached?.Device ?? prefix!.Device;

    /// <summary>Whether <paramref name="directory"/> holds a graph sctok export-onnx writes (model.onnx or decoder_with_past_model.onnx).</summary>
    public static bool IsExportFolder(string directory) =>
        File.Exists(Path.Combine(directory, GptNeoOnnxExport.WithPastFileName)) || File.Exists(Path.Combine(directory, GptNeoOnnxExport.ModelFileName));

    /// <summary>
    /// Opens an export folder: the tokenizer (checked against config.json) and the cached graph, or model.onnx when
    /// there is none, on <paramref name="device"/> with <paramref name="threads"/> intra-op threads (0: ONNX Runtime's choice).
    /// </summary>
    public static OnnxCausalLanguageModel Open(string directory, ContextDevice device, int threads = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"{OnnxLanguageModel.Component}: folder '{directory}' does not exist.");
        if (!IsExportFolder(directory))
            throw new InvalidDataException(
                $"{OnnxLanguageModel.Component}: '{directory}' has neither {GptNeoOnnxExport.WithPastFileName} nor {GptNeoOnnxExport.ModelFileName} (the graphs sctok export-onnx writes); " +
                $"found {Listing(directory)}.");
        var tokenizer = CausalLanguageModel.LoadTokenizer(directory);
        var withPast = Path.Combine(directory, GptNeoOnnxExport.WithPastFileName);
        var plain = Path.Combine(directory, GptNeoOnnxExport.ModelFileName);
        var opened = File.Exists(withPast)
            ? new OnnxCausalLanguageModel(tokenizer, withPast, OnnxLanguageModel.Open(withPast, device, threads), null)
            : new OnnxCausalLanguageModel(tokenizer, plain, null, OnnxPrefixLanguageModel.Open(plain, device, threads));
        int vocabulary = opened.cached?.VocabularySize ?? opened.prefix!.VocabularySize;
        if (tokenizer.VocabularySize <= vocabulary) return opened;
        opened.Dispose();
        throw new InvalidDataException($"{OnnxLanguageModel.Component}: the tokenizer beside '{opened.GraphPath}' has {tokenizer.VocabularySize} tokens but the graph's logits only {vocabulary}.");
    }

    /// <summary>The folder's files for an error message ("no files" when empty).</summary>
    public static string Listing(string directory)
    {
        var names = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? "no files" : string.Join(", ", names);
    }

    /// <summary>
    /// <paramref name="count"/> continuations of <paramref name="prompt"/> in one batch, as
    /// <see cref="CausalLanguageModel.Generate"/> makes them: the same options and seed give the same text, up to the
    /// graph's float rounding (logits within 1e-4 of the C# forward).
    /// </summary>
    public IReadOnlyList<GeneratedText> Generate(string prompt, int count, SamplingOptions options, bool keepClusterTokens = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Generate at least one sequence.");
        return TextGeneration.Generate(Tokenizer, prompt, options, keepClusterTokens, (ids, sampling) =>
        {
            if (cached is not null)
            {
                using var decoder = cached.CreateDecoder(count);
                return GptNeoGenerator.Generate(decoder, ids, sampling);
            }
            using var prefixDecoder = prefix!.CreateDecoder(count);
            return GptNeoGenerator.Generate(prefixDecoder, ids, sampling);
        });
    }

    public void Dispose()
    {
        cached?.Dispose();
        prefix?.Dispose();
    }
}
