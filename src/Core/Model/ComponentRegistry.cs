using System.Reflection;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.SemanticContext.Model;

/// <summary>
/// The explicit table of savable components: type id → (CLR type, current version, oldest readable version, loader).
/// Each component assembly registers its components in a module initializer; when a model names an assembly that
/// is not loaded yet, the registry loads it by name and runs that initializer, so a saved pipeline loads in a
/// fresh process without any scanning of types.
/// </summary>
public static class ComponentRegistry
{
    public sealed record Entry(string TypeId, Type ClrType, int Version, int OldestReadableVersion, Func<ModelLoadContext, ITransformer> Load);

    static readonly Dictionary<string, Entry> ById = new();
    static readonly Dictionary<Type, Entry> ByType = new();
    static readonly Lock Gate = new();

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="typeId"/>; versions oldest..current are readable.</summary>
    public static void Register<T>(string typeId, int version, Func<ModelLoadContext, T> load, int oldestReadableVersion = 1)
        where T : ITransformer
    {
        var entry = new Entry(typeId, typeof(T), version, oldestReadableVersion, ctx => load(ctx));
        lock (Gate)
        {
            if (ById.TryGetValue(typeId, out var existing) && existing.ClrType != typeof(T))
                throw new InvalidOperationException($"Component id '{typeId}' is registered twice ({existing.ClrType} and {typeof(T)}).");
            ById[typeId] = entry;
            ByType[typeof(T)] = entry;
        }
    }

    public static Entry ForType(Type type)
    {
        lock (Gate)
        {
            return ByType.TryGetValue(type, out var entry)
                ? entry
                : throw new InvalidOperationException($"{type.FullName} is not registered in ComponentRegistry, so a saved model could not load it; register it in its assembly's module initializer.");
        }
    }

    /// <summary>Finds the loader for <paramref name="typeId"/>, loading <paramref name="assemblyName"/> first if needed.</summary>
    public static Entry ForId(string typeId, string assemblyName, string source)
    {
        lock (Gate)
        {
            if (ById.TryGetValue(typeId, out var entry)) return entry;
        }
        try
        {
            var assembly = Assembly.Load(new AssemblyName(assemblyName));
            RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new InvalidDataException($"{source}: stage '{typeId}' needs assembly '{assemblyName}', which could not be loaded ({e.Message}).", e);
        }
        lock (Gate)
        {
            return ById.TryGetValue(typeId, out var entry)
                ? entry
                : throw new InvalidDataException($"{source}: no component is registered as '{typeId}' (assembly '{assemblyName}' loaded but does not register it).");
        }
    }
}
