using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microsoft.ML.SemanticContext.Onnx.Runtime;

/// <summary>
/// A model folder as a Hugging Face Optimum / sentence-transformers ONNX export leaves it: <c>model.onnx</c> (or
/// <c>onnx/model.onnx</c>), the tokenizer's files, <c>config.json</c> and, for sentence embedders, the module folders
/// (<c>1_Pooling</c>, <c>2_Dense</c>). Every missing file is reported with the folder and the names looked for.
/// </summary>
public sealed class OnnxModelFolder
{
    static readonly string[] ModelCandidates = ["model.onnx", System.IO.Path.Combine("onnx", "model.onnx")];

    OnnxModelFolder(string path, string modelPath)
    {
        Path = path;
        ModelPath = modelPath;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Path { get; }

    /// <summary>The ONNX graph: <c>model.onnx</c> or <c>onnx/model.onnx</c>.</summary>
    public string ModelPath { get; }

    /// <summary>Opens <paramref name="folder"/>; <paramref name="role"/> names the option it came from in errors (e.g. "--ner").</summary>
    public static OnnxModelFolder Open(string folder, string role)
    {
        var path = System.IO.Path.GetFullPath(folder);
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"{role}: model folder '{path}' does not exist.");
        var model = ModelCandidates.Select(c => System.IO.Path.Combine(path, c)).FirstOrDefault(System.IO.File.Exists)
            ?? throw new FileNotFoundException($"{role}: model folder '{path}' has no ONNX model; looked for {string.Join(" and ", ModelCandidates)}.");
        return new OnnxModelFolder(path, model);
    }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public bool Has(string relative) => System.IO.File.Exists(File(relative));

    /// <summary>A JSON file of the folder, or null when it is absent; malformed JSON is an error naming the file.</summary>
    public JsonObject? ReadJson(string relative)
    {
        if (!Has(relative)) return null;
        try
        {
            return JsonNode.Parse(System.IO.File.ReadAllText(File(relative))) as JsonObject
                ?? throw new InvalidDataException($"'{File(relative)}' does not hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{File(relative)}' is not valid JSON ({e.Message}).", e);
        }
    }
}
