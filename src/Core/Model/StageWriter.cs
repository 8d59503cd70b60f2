using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Model;

/// <summary>
/// What one stage of this project may write into the pipeline archive: its options (recorded in the manifest) and
/// named files in its own folder: JSON, text, raw bytes or safetensors.
/// </summary>
public sealed class StageWriter
{
    readonly ZipArchive _archive;

    internal StageWriter(ZipArchive archive, string folder)
    {
        _archive = archive;
        Folder = folder;
    }

    /// <summary>The stage's folder inside the archive, e.g. <c>stage_02_ClusterTokens</c>.</summary>
    public string Folder { get; }

    /// <summary>Options and small settings; stored in manifest.json under the stage so a person can read them.</summary>
    public JsonObject Options { get; } = new();

    public void WriteBytes(string name, ReadOnlySpan<byte> bytes)
    {
        using var s = Open(name);
        s.Write(bytes);
    }

    public void WriteText(string name, string text) => WriteBytes(name, System.Text.Encoding.UTF8.GetBytes(text));

    public void WriteJson<T>(string name, T value) =>
        WriteBytes(name, JsonSerializer.SerializeToUtf8Bytes(value, ModelJson.Options));

    public void WriteTensors(string name, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var s = Open(name);
        SafeTensors.Write(s, tensors, metadata);
    }

    /// <summary>A stream for one file of the stage (for components that write a folder of files, e.g. a tokenizer).</summary>
    public Stream Open(string name) =>
        _archive.CreateEntry($"{Folder}/{name}", CompressionLevel.Fastest).Open();
}

/// <summary>JSON settings shared by model files: readable, camelCase, enums as strings.</summary>
public static class ModelJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
