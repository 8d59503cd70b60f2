using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Microsoft.ML.SemanticContext.Model;

/// <summary>
/// An explicit table of savable components of one kind: type id → (CLR type, current version, oldest readable version,
/// loader). Each component assembly registers its components in a module initializer; when an archive names an
/// assembly that is not loaded yet, the registry loads it by name and runs that initializer, so a saved pipeline loads
/// in a fresh process without any scanning of types. One table per kind: <see cref="ComponentRegistry.Stages"/>, and
/// the tables of the parts a stage holds (sentence splitters, embedders).
/// </summary>
public sealed class ComponentRegistry<TComponent>(string kind) where TComponent : class
{
    public sealed record Entry(string TypeId, Type ClrType, int Version, int OldestReadableVersion, Func<StageReader, TComponent> Load);

    readonly Dictionary<string, Entry> _byId = new();
    readonly Dictionary<Type, Entry> _byType = new();
    readonly Lock _gate = new();

    /// <summary>What this table holds, for messages ("pipeline stage", "sentence splitter").</summary>
    public string Kind => kind;

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="typeId"/>; versions oldest..current are readable.</summary>
    public void Register<T>(string typeId, int version, Func<StageReader, T> load, int oldestReadableVersion = 1) where T : TComponent
    {
        var entry = new Entry(typeId, typeof(T), version, oldestReadableVersion, reader => load(reader));
        lock (_gate)
        {
            if (_byId.TryGetValue(typeId, out var existing) && existing.ClrType != typeof(T))
                throw new InvalidOperationException($"{kind} id '{typeId}' is registered twice ({existing.ClrType} and {typeof(T)}).");
            _byId[typeId] = entry;
            _byType[typeof(T)] = entry;
        }
    }

    public bool TryGetForType(Type type, out Entry entry)
    {
        lock (_gate) return _byType.TryGetValue(type, out entry!);
    }

    public Entry ForType(Type type) =>
        TryGetForType(type, out var entry)
            ? entry
            : throw new InvalidOperationException($"{type.FullName} is not registered as a {kind}, so a saved pipeline could not load it; register it in its assembly's module initializer.");

    /// <summary>Finds the loader for <paramref name="typeId"/>, loading <paramref name="assemblyName"/> first if needed.</summary>
    public Entry ForId(string typeId, string assemblyName, string source)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(typeId, out var entry)) return entry;
        }
        try
        {
            var assembly = Assembly.Load(new AssemblyName(assemblyName));
            RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new InvalidDataException($"{source}: {kind} '{typeId}' needs assembly '{assemblyName}', which could not be loaded ({e.Message}).", e);
        }
        lock (_gate)
        {
            return _byId.TryGetValue(typeId, out var entry)
                ? entry
                : throw new InvalidDataException($"{source}: no {kind} is registered as '{typeId}' (assembly '{assemblyName}' loaded but does not register it).");
        }
    }

    /// <summary>The manifest record of <paramref name="component"/>: its type id, version and assembly.</summary>
    public JsonObject Describe(TComponent component)
    {
        var entry = ForType(component.GetType());
        return new JsonObject
        {
            ["typeId"] = entry.TypeId,
            ["version"] = entry.Version,
            ["assembly"] = component.GetType().Assembly.GetName().Name,
        };
    }

    /// <summary>Saves a part of a stage: its record under option <paramref name="option"/>, its files into the stage folder.</summary>
    public void SavePart(TComponent component, StageWriter writer, string option)
    {
        writer.Options[option] = Describe(component);
        ((IArchivedComponent)component).Save(writer);
    }

    /// <summary>Loads the part that <see cref="SavePart"/> wrote under option <paramref name="option"/>.</summary>
    public TComponent LoadPart(StageReader reader, string option)
    {
        if (reader.Options[option] is not JsonObject record)
            throw new InvalidDataException($"{reader.Source}: stage '{reader.Folder}' has no {kind} record '{option}'.");
        var (entry, version) = Resolve(record, reader.Source, $"stage '{reader.Folder}'");
        return entry.Load(new StageReader(reader, version));
    }

    /// <summary>The registered entry a manifest record names, with its version checked against what this library reads.</summary>
    public (Entry Entry, int Version) Resolve(JsonObject record, string source, string where)
    {
        string typeId = Manifest.Required<string>(record, "typeId", source, where);
        int version = Manifest.Required<int>(record, "version", source, where);
        var entry = ForId(typeId, Manifest.Required<string>(record, "assembly", source, where), source);
        if (version > entry.Version)
            throw new InvalidDataException($"{source}: {where}: {kind} '{typeId}' was written by component version {version}; this library reads versions {entry.OldestReadableVersion}–{entry.Version}. Upgrade the library.");
        if (version < entry.OldestReadableVersion)
            throw new InvalidDataException($"{source}: {where}: {kind} '{typeId}' version {version} is older than the oldest this library reads ({entry.OldestReadableVersion}).");
        return (entry, version);
    }
}

/// <summary>The registry of pipeline stages (this project's transformers).</summary>
public static class ComponentRegistry
{
    public static ComponentRegistry<ITransformer> Stages { get; } = new("pipeline stage");
}
