using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// <c>ml.Model.SemanticContext</c>: saving and loading pipelines that hold this project's stages, alone or mixed with
/// ML.NET's own, as one <c>.zip</c> (see <see cref="PipelineArchive"/>). Plain <c>ml.Model.Save</c> cannot write these
/// stages: ML.NET keeps its model-writing API internal.
/// </summary>
public sealed class SemanticContextModelOperations
{
    readonly ModelOperationsCatalog _catalog;

    internal SemanticContextModelOperations(ModelOperationsCatalog catalog) => _catalog = catalog;

    /// <summary>Writes <paramref name="model"/> (a stage or a chain) and the schema it reads to <paramref name="path"/>, atomically.</summary>
    public void Save(ITransformer model, DataViewSchema? inputSchema, string path) => PipelineArchive.Save(_catalog, model, inputSchema, path);

    /// <summary>Reads a pipeline written by <see cref="Save"/>, in this process or a fresh one; its stages use this context.</summary>
    public ITransformer Load(string path, out DataViewSchema? inputSchema) => PipelineArchive.Load(_catalog, path, out inputSchema);
}

/// <summary>The C# 14 extension property that reaches <see cref="SemanticContextModelOperations"/> from ML.NET's model catalog.</summary>
public static class SemanticContextModelCatalog
{
    extension(ModelOperationsCatalog catalog)
    {
        /// <summary>Save and load pipelines holding semantic-context stages: <c>ml.Model.SemanticContext.Save(model, schema, path)</c>.</summary>
        public SemanticContextModelOperations SemanticContext => new(catalog);
    }
}
