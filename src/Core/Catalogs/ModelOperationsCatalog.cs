using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.Model</c>: save and load fitted pipelines as one .zip.</summary>
public sealed class ModelOperationsCatalog : CatalogBase
{
    internal ModelOperationsCatalog(MLContext context) : base(context) { }

    /// <summary>Writes <paramref name="model"/> (a transformer or a chain) to <paramref name="path"/>, atomically.</summary>
    public void Save(ITransformer model, string path) => ModelArchive.Save(model, path);

    /// <summary>Reads a model written by <see cref="Save"/>, in this process or a fresh one.</summary>
    public ITransformer Load(string path) => ModelArchive.Load(Context, path);
}
