using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Model;

/// <summary>
/// One <c>.zip</c> for a whole fitted pipeline. ML.NET keeps its model-writing API internal
/// (dotnet/machinelearning#4911), so no third-party stage can enter <c>ml.Model.Save</c>; this archive holds
/// <c>manifest.json</c> (format version, library version, the input schema's entry, and per stage its kind, type id,
/// component version, assembly, folder and options), one folder per stage of this project, and every run of consecutive
/// ML.NET stages saved by ML.NET itself as a nested <c>.zip</c> entry. The input schema is saved by ML.NET too (an
/// empty model with a schema). Written atomically. At its root it also carries the entries that make ML.NET's own
/// <c>ml.Model.Load</c> fail with a message naming <c>ml.Model.SemanticContext.Load</c> (<see cref="MLNetLoadGuard"/>).
/// </summary>
public static class PipelineArchive
{
    public const string FormatName = "semantic-context-model";

    /// <summary>The newest archive layout this library writes and reads (1: this project's stages only).</summary>
    public const int FormatVersion = 2;

    const string InputSchemaEntry = "input_schema.zip";
    const string OwnStage = "component", MLNetStages = "mlnet";

    public static string LibraryVersion { get; } =
        typeof(PipelineArchive).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static void Save(ModelOperationsCatalog catalog, ITransformer model, DataViewSchema? inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var runs = Runs(Flatten(model).ToList());
        AtomicFile.Write(path, stream =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            var manifestStages = new JsonArray();
            int index = 0;
            foreach (var run in runs)
            {
                manifestStages.Add(run[0] is IArchivedComponent
                    ? SaveOwn(zip, run[0], index)
                    : SaveMLNet(zip, catalog, run, index));
                index += run.Count;
            }
            var manifest = new JsonObject
            {
                ["format"] = FormatName,
                ["formatVersion"] = FormatVersion,
                ["libraryVersion"] = LibraryVersion,
                ["inputSchema"] = inputSchema is null ? null : InputSchemaEntry,
                ["stages"] = manifestStages,
            };
            if (inputSchema is not null)
                WriteEntry(zip, InputSchemaEntry, s => catalog.Save(new TransformerChain<ITransformer>(), inputSchema, s));
            WriteEntry(zip, Manifest.FileName, s => s.Write(JsonSerializer.SerializeToUtf8Bytes(manifest, ModelJson.Options)));
            MLNetLoadGuard.WriteEntries(zip);
        });
    }

    /// <summary>Loads every stage as one chain, in a fresh process too; <paramref name="inputSchema"/> is null when none was saved.</summary>
    public static TransformerChain<ITransformer> Load(ModelOperationsCatalog catalog, string path, out DataViewSchema? inputSchema)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model file '{path}' does not exist.", path);
        var environment = CatalogEnvironment.Of(catalog);
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(path); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: not a model .zip or truncated ({e.Message}).", e); }
        using (zip)
        {
            var manifest = ReadManifest(zip, path);
            inputSchema = null;
            if (manifest["inputSchema"] is JsonValue schemaEntry)
            {
                LoadMLNet(zip, catalog, schemaEntry.GetValue<string>(), path, out var schema);
                inputSchema = schema ?? throw new InvalidDataException($"{path}: entry '{schemaEntry}' holds no input schema.");
            }
            var stages = new List<ITransformer>();
            foreach (var node in manifest["stages"]!.AsArray())
            {
                if (node is not JsonObject stage)
                    throw new InvalidDataException($"{path}: {Manifest.FileName}: a stage entry is not an object.");
                string where = $"stage {stages.Count}";
                string kind = stage["kind"] is null ? OwnStage : Manifest.Required<string>(stage, "kind", path, where);
                if (kind == MLNetStages)
                    stages.AddRange(LoadMLNet(zip, catalog, Manifest.Required<string>(stage, "entry", path, where), path, out _));
                else if (kind == OwnStage)
                    stages.Add(LoadOwn(zip, environment, stage, path, where));
                else
                    throw new InvalidDataException($"{path}: {Manifest.FileName}: {where} has unknown kind '{kind}'.");
            }
            if (stages.Count == 0) throw new InvalidDataException($"{path}: the manifest lists no stages.");
            return new TransformerChain<ITransformer>(stages.ToArray());
        }
    }

    /// <summary>The error a stage of this project gives when asked to save itself through <c>ml.Model.Save</c>.</summary>
    public static NotSupportedException NotSavableByMLNet(Type stage) => new(
        $"{stage.Name} is a semantic-context stage, which ML.NET's ml.Model.Save cannot write (ML.NET keeps its model-writing API internal). " +
        "Save the pipeline with ml.Model.SemanticContext.Save(model, inputSchema, path) and load it with ml.Model.SemanticContext.Load(path, out inputSchema).");

    static JsonObject SaveOwn(ZipArchive zip, ITransformer stage, int index)
    {
        var record = ComponentRegistry.Stages.Describe(stage);
        var folder = $"stage_{index:D2}_{record["typeId"]}";
        var writer = new StageWriter(zip, folder);
        ((IArchivedComponent)stage).Save(writer);
        record["index"] = index;
        record["kind"] = OwnStage;
        record["folder"] = folder;
        record["options"] = writer.Options;
        return record;
    }

    static JsonObject SaveMLNet(ZipArchive zip, ModelOperationsCatalog catalog, List<ITransformer> run, int index)
    {
        var entry = $"stage_{index:D2}_mlnet.zip";
        try
        {
            WriteEntry(zip, entry, s => catalog.Save(new TransformerChain<ITransformer>(run.ToArray()), null, s));
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new InvalidOperationException(
                $"Stages {index}–{index + run.Count - 1} ({string.Join(", ", run.Select(s => s.GetType().Name))}) are not this project's, " +
                $"and ML.NET could not save them: {e.Message}", e);
        }
        return new JsonObject
        {
            ["index"] = index,
            ["kind"] = MLNetStages,
            ["entry"] = entry,
            ["stages"] = new JsonArray(run.Select(s => (JsonNode)s.GetType().Name).ToArray()),
        };
    }

    static ITransformer LoadOwn(ZipArchive zip, IHostEnvironment environment, JsonObject stage, string path, string where)
    {
        var (entry, version) = ComponentRegistry.Stages.Resolve(stage, path, where);
        var options = stage["options"] as JsonObject ?? new JsonObject();
        var reader = new StageReader(environment, zip, path, Manifest.Required<string>(stage, "folder", path, where), version, options);
        return entry.Load(reader);
    }

    static IEnumerable<ITransformer> LoadMLNet(ZipArchive zip, ModelOperationsCatalog catalog, string name, string path, out DataViewSchema? schema)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"{path}: the archive has no entry '{name}'.");
        using var nested = ZipEntries.ReadToMemory(entry, path);
        ITransformer loaded;
        try
        {
            loaded = catalog.Load(nested, out schema);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: entry '{name}' is not a model ML.NET can load ({e.Message}).", e);
        }
        return Flatten(loaded);
    }

    static void WriteEntry(ZipArchive zip, string name, Action<Stream> write)
    {
        // ML.NET's writers need a seekable stream; a zip entry being written is not one.
        using var buffer = new MemoryStream();
        write(buffer);
        using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        buffer.Position = 0;
        buffer.CopyTo(s);
    }

    static JsonObject ReadManifest(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(Manifest.FileName) ?? throw new InvalidDataException($"{path}: no {Manifest.FileName}; this is not a semantic-context model .zip.");
        JsonObject manifest;
        try
        {
            using var s = ZipEntries.ReadToMemory(entry, path);
            manifest = JsonNode.Parse(s)?.AsObject() ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: {Manifest.FileName} is corrupt ({e.Message}).", e);
        }
        if (manifest["format"] is not JsonValue format || format.GetValueKind() != JsonValueKind.String || format.GetValue<string>() != FormatName)
            throw new InvalidDataException($"{path}: {Manifest.FileName} does not describe a {FormatName}.");
        int version = Manifest.Required<int>(manifest, "formatVersion", path, "the manifest");
        if (version > FormatVersion)
            throw new InvalidDataException($"{path}: written with model format version {version} (library {manifest["libraryVersion"]}); this library reads up to version {FormatVersion}. Upgrade the library.");
        if (manifest["stages"] is not JsonArray)
            throw new InvalidDataException($"{path}: {Manifest.FileName} has no 'stages' list.");
        return manifest;
    }

    /// <summary>Stages in order: this project's one per run, consecutive ML.NET stages together.</summary>
    static List<List<ITransformer>> Runs(List<ITransformer> stages)
    {
        var runs = new List<List<ITransformer>>();
        foreach (var stage in stages)
        {
            bool own = stage is IArchivedComponent;
            if (own && !ComponentRegistry.Stages.TryGetForType(stage.GetType(), out _))
                throw new InvalidOperationException($"{stage.GetType().FullName} is not registered in ComponentRegistry.Stages, so a saved pipeline could not load it; register it in its assembly's module initializer.");
            if (!own && runs.Count > 0 && runs[^1][0] is not IArchivedComponent) runs[^1].Add(stage);
            else runs.Add([stage]);
        }
        return runs;
    }

    /// <summary>The stages of a model: chains (ML.NET's, nested ones too) are opened up.</summary>
    static IEnumerable<ITransformer> Flatten(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [model];
}
