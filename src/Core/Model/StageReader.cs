using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Model;

/// <summary>What a loader reads back for one stage: the version it was written with, its options and its files.</summary>
public sealed class StageReader
{
    readonly ZipArchive _archive;

    internal StageReader(IHostEnvironment environment, ZipArchive archive, string source, string folder, int version, JsonObject options)
    {
        Environment = environment;
        _archive = archive;
        Source = source;
        Folder = folder;
        Version = version;
        Options = options;
    }

    /// <summary>The same stage folder, read by a part of the stage written with its own component <paramref name="version"/>.</summary>
    internal StageReader(StageReader stage, int version)
        : this(stage.Environment, stage._archive, stage.Source, stage.Folder, version, stage.Options) { }

    /// <summary>The environment of the context that loads the pipeline; loaded stages log and seed from it.</summary>
    public IHostEnvironment Environment { get; }

    /// <summary>The archive's path, for error messages.</summary>
    public string Source { get; }

    public string Folder { get; }

    /// <summary>The component version that wrote this stage; loaders branch on it for older versions.</summary>
    public int Version { get; }

    public JsonObject Options { get; }

    public bool Exists(string name) => _archive.GetEntry($"{Folder}/{name}") is not null;

    /// <summary>The stage file <paramref name="name"/>, read into memory; refused unread when it declares more than <paramref name="maxBytes"/>.</summary>
    public Stream Open(string name, long maxBytes = ZipEntries.MaxEntryBytes)
    {
        var entry = _archive.GetEntry($"{Folder}/{name}")
            ?? throw new InvalidDataException($"{Source}: stage folder '{Folder}' has no file '{name}'.");
        return ZipEntries.ReadToMemory(entry, Source, maxBytes);
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

    /// <summary>The tensors of a safetensors stage file of at most <paramref name="maxBytes"/> (e.g. what the stage's config needs).</summary>
    public IReadOnlyDictionary<string, NamedTensor> ReadTensors(string name, long maxBytes = ZipEntries.MaxEntryBytes)
    {
        using var s = Open(name, maxBytes);
        return SafeTensors.Read(s, $"{Source}:{Folder}/{name}").Tensors.ToDictionary(t => t.Name);
    }

    /// <summary>An option recorded by the saver, with a clear error when it is missing or has the wrong type.</summary>
    public T GetOption<T>(string name)
    {
        var node = Options[name] ?? throw new InvalidDataException($"{Source}: stage '{Folder}' has no option '{name}'.");
        try
        {
            return node.Deserialize<T>(ModelJson.Options)
                ?? throw new InvalidDataException($"{Source}: option '{name}' of stage '{Folder}' is null.");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{Source}: option '{name}' of stage '{Folder}' is not a {typeof(T).Name} ({e.Message}).", e);
        }
    }
}

/// <summary>Reading archive entries into memory (so callers may seek), with corrupt entries named.</summary>
static class ZipEntries
{
    /// <summary>The most one entry may hold: what one in-memory buffer can.</summary>
    public const long MaxEntryBytes = 0x7FFFFFC7;  // Array.MaxLength

    /// <summary>
    /// The entry's bytes. A size above <paramref name="maxBytes"/> is refused before anything is inflated, and no more
    /// than the declared size is ever read, so a zip bomb costs no memory beyond what its entry may legitimately hold.
    /// </summary>
    public static MemoryStream ReadToMemory(ZipArchiveEntry entry, string source, long maxBytes = MaxEntryBytes)
    {
        if (entry.Length > Math.Min(maxBytes, MaxEntryBytes))
            throw new InvalidDataException($"{source}: entry '{entry.FullName}' declares {entry.Length:N0} bytes, more than the {Math.Min(maxBytes, MaxEntryBytes):N0} it may hold.");
        var buffer = new MemoryStream((int)entry.Length);
        try
        {
            using var s = entry.Open();
            s.CopyTo(buffer);
            if (buffer.Length != entry.Length)
                throw new InvalidDataException($"{source}: entry '{entry.FullName}' holds {buffer.Length:N0} bytes, not the {entry.Length:N0} its header declares.");
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: entry '{entry.FullName}' is corrupt ({e.Message}).", e);
        }
        buffer.Position = 0;
        return buffer;
    }
}
