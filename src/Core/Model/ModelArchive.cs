using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Model;

/// <summary>
/// The model .zip: <c>manifest.json</c> (format version, library version, and per stage its type id, component
/// version, assembly, folder and options) plus one folder per stage. Written atomically.
/// </summary>
public static class ModelArchive
{
    public const string FormatName = "semantic-context-model";

    /// <summary>The newest archive layout this library writes and reads.</summary>
    public const int FormatVersion = 1;

    public const string ManifestName = "manifest.json";

    public static string LibraryVersion { get; } =
        typeof(ModelArchive).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static void Save(ITransformer model, string path)
    {
        var stages = Flatten(model).ToList();
        // Resolve every registration before touching the file, so an unsavable stage writes nothing.
        var entries = stages.Select(s => ComponentRegistry.ForType(s.GetType())).ToList();
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var manifestStages = new JsonArray();
            for (int i = 0; i < stages.Count; i++)
            {
                var folder = $"stage_{i:D2}_{entries[i].TypeId}";
                var ctx = new ModelSaveContext(zip, folder);
                stages[i].Save(ctx);
                manifestStages.Add(new JsonObject
                {
                    ["index"] = i,
                    ["typeId"] = entries[i].TypeId,
                    ["version"] = entries[i].Version,
                    ["assembly"] = stages[i].GetType().Assembly.GetName().Name,
                    ["folder"] = folder,
                    ["options"] = ctx.Options,
                });
            }
            var manifest = new JsonObject
            {
                ["format"] = FormatName,
                ["formatVersion"] = FormatVersion,
                ["libraryVersion"] = LibraryVersion,
                ["stages"] = manifestStages,
            };
            using var writer = new StreamWriter(zip.CreateEntry(ManifestName).Open());
            writer.Write(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        });
    }

    /// <summary>Loads every stage; a single stage comes back as itself, several as a chain.</summary>
    public static ITransformer Load(MLContext context, string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(path); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: not a model .zip or truncated ({e.Message}).", e); }
        using (zip)
        {
            var manifest = ReadManifest(zip, path);
            var stages = new List<ITransformer>();
            foreach (var node in manifest["stages"]!.AsArray())
            {
                var stage = node!.AsObject();
                string typeId = Required<string>(stage, "typeId", path);
                int version = Required<int>(stage, "version", path);
                var entry = ComponentRegistry.ForId(typeId, Required<string>(stage, "assembly", path), path);
                if (version > entry.Version)
                    throw new InvalidDataException($"{path}: stage '{typeId}' was written by component version {version}; this library reads versions {entry.OldestReadableVersion}–{entry.Version}. Upgrade the library.");
                if (version < entry.OldestReadableVersion)
                    throw new InvalidDataException($"{path}: stage '{typeId}' version {version} is older than the oldest this library reads ({entry.OldestReadableVersion}).");
                var options = stage["options"]?.AsObject() ?? new JsonObject();
                var ctx = new ModelLoadContext(context, zip, path, Required<string>(stage, "folder", path), version, options);
                stages.Add(entry.Load(ctx));
            }
            if (stages.Count == 0) throw new InvalidDataException($"{path}: the manifest lists no stages.");
            return stages.Count == 1 ? stages[0] : new TransformerChain<ITransformer>(stages);
        }
    }

    static JsonObject ReadManifest(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(ManifestName) ?? throw new InvalidDataException($"{path}: no {ManifestName}; this is not a model .zip.");
        JsonObject manifest;
        try
        {
            using var s = entry.Open();
            manifest = JsonNode.Parse(s)?.AsObject() ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: {ManifestName} is corrupt ({e.Message}).", e);
        }
        if (manifest["format"]?.GetValue<string>() != FormatName)
            throw new InvalidDataException($"{path}: {ManifestName} does not describe a {FormatName}.");
        int format = Required<int>(manifest, "formatVersion", path);
        if (format > FormatVersion)
            throw new InvalidDataException($"{path}: written with model format version {format} (library {manifest["libraryVersion"]}); this library reads up to version {FormatVersion}. Upgrade the library.");
        if (manifest["stages"] is not JsonArray)
            throw new InvalidDataException($"{path}: {ManifestName} has no 'stages' list.");
        return manifest;
    }

    static T Required<T>(JsonObject o, string name, string path)
    {
        try
        {
            return o[name] is { } node ? node.GetValue<T>() : throw new InvalidDataException($"{path}: {ManifestName} is missing '{name}'.");
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: {ManifestName} field '{name}' has the wrong type.", e);
        }
    }

    static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is IStagedTransformer staged ? staged.Stages.SelectMany(Flatten) : [model];
}
