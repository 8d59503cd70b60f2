using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Model;

/// <summary>What a loader reads back for one stage: the version it was written with, its options and its files.</summary>
public sealed class ModelLoadContext
{
    readonly ZipArchive _archive;

    internal ModelLoadContext(MLContext context, ZipArchive archive, string source, string folder, int version, JsonObject options)
    {
        Context = context;
        _archive = archive;
        Source = source;
        Folder = folder;
        Version = version;
        Options = options;
    }

    public MLContext Context { get; }

    /// <summary>The .zip path, for error messages.</summary>
    public string Source { get; }

    public string Folder { get; }

    /// <summary>The component version that wrote this stage; loaders branch on it for older versions.</summary>
    public int Version { get; }

    public JsonObject Options { get; }

    public bool Exists(string name) => _archive.GetEntry($"{Folder}/{name}") is not null;

    public Stream Open(string name)
    {
        var entry = _archive.GetEntry($"{Folder}/{name}")
            ?? throw new InvalidDataException($"{Source}: stage folder '{Folder}' has no file '{name}'.");
        // Entries are copied to memory so callers may seek, and so a truncated entry fails here, with the file named.
        var buffer = new MemoryStream();
        try
        {
            using var s = entry.Open();
            s.CopyTo(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{Source}: '{Folder}/{name}' is corrupt ({e.Message}).", e);
        }
        buffer.Position = 0;
        return buffer;
    }

    public string ReadText(string name)
    {
        using var reader = new StreamReader(Open(name));
        return reader.ReadToEnd();
    }

    public T ReadJson<T>(string name)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(ReadText(name), ModelJson.Options)
                ?? throw new InvalidDataException($"{Source}: '{Folder}/{name}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Source}: '{Folder}/{name}' is not valid JSON ({e.Message}).", e);
        }
    }

    public IReadOnlyDictionary<string, NamedTensor> ReadTensors(string name)
    {
        using var s = Open(name);
        return SafeTensors.Read(s, $"{Source}:{Folder}/{name}").Tensors.ToDictionary(t => t.Name);
    }

    /// <summary>An option recorded by the saver, with a clear error when it is missing.</summary>
    public T GetOption<T>(string name)
    {
        var node = Options[name] ?? throw new InvalidDataException($"{Source}: stage '{Folder}' has no option '{name}'.");
        return node.Deserialize<T>(ModelJson.Options)!;
    }
}
