using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>
/// Turns chunks of text into dense vectors: the seam between <see cref="StellaEmbeddingTransformer"/> and the model
/// behind it (the built-in <see cref="TfidfSvdEmbedder"/> today, Stella en 1.5B v5 through ONNX when its files exist).
/// Implementations are immutable once built and must be safe to call from several threads at once.
/// </summary>
public interface ISegmentEmbedder
{
    /// <summary>Stable id written into saved models and looked up in <see cref="SegmentEmbedderRegistry"/>.</summary>
    string TypeId { get; }

    /// <summary>Length of every vector <see cref="Embed"/> returns.</summary>
    int Dimension { get; }

    /// <summary>One line for logs and reports: which implementation this is and how it was built.</summary>
    string Description { get; }

    /// <summary>One vector of length <see cref="Dimension"/> per chunk, in order.</summary>
    float[][] Embed(IReadOnlyList<string> chunks);

    /// <summary>Writes the embedder's state into its stage folder (options go to <see cref="ModelSaveContext.Options"/>).</summary>
    void Save(ModelSaveContext context);
}

/// <summary>
/// Loaders of saved embedders by <see cref="ISegmentEmbedder.TypeId"/>. The built-in embedder registers itself;
/// another implementation (e.g. an ONNX embedder in its own assembly) registers from its module initializer.
/// </summary>
public static class SegmentEmbedderRegistry
{
    static readonly Dictionary<string, Func<ModelLoadContext, ISegmentEmbedder>> Loaders = new();
    static readonly Lock Gate = new();

    public static void Register(string typeId, Func<ModelLoadContext, ISegmentEmbedder> load)
    {
        lock (Gate) Loaders[typeId] = load;
    }

    public static ISegmentEmbedder Load(string typeId, ModelLoadContext context)
    {
        Func<ModelLoadContext, ISegmentEmbedder>? load;
        lock (Gate) Loaders.TryGetValue(typeId, out load);
        if (load is null)
            throw new InvalidDataException($"{context.Source}: stage '{context.Folder}' uses embedder '{typeId}', which is not registered; known embedders: [{string.Join(", ", Loaders.Keys)}].");
        return load(context);
    }
}
