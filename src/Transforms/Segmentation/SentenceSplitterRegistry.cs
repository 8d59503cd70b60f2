using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// Explicit table of sentence-splitter loaders (type id → loader), so a saved segment stage can bring back whichever
/// splitter it was fitted with. Implementations register in a module initializer, as components do.
/// </summary>
public static class SentenceSplitterRegistry
{
    static readonly Dictionary<string, Func<ModelLoadContext, ISentenceSplitter>> Loaders = new();
    static readonly Lock Gate = new();

    public static void Register(string typeId, Func<ModelLoadContext, ISentenceSplitter> load)
    {
        lock (Gate) Loaders[typeId] = load;
    }

    public static ISentenceSplitter Load(string typeId, ModelLoadContext context)
    {
        Func<ModelLoadContext, ISentenceSplitter>? load;
        lock (Gate) Loaders.TryGetValue(typeId, out load);
        return load is null
            ? throw new InvalidDataException($"{context.Source}: stage '{context.Folder}' uses sentence splitter '{typeId}', which is not registered in this process.")
            : load(context);
    }
}
