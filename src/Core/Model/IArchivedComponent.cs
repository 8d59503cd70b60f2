namespace Microsoft.ML.SemanticContext.Model;

/// <summary>
/// A component that writes itself into the pipeline archive: a stage of this project, or a part of one (a sentence
/// splitter, an embedder). Its loader is registered in a <see cref="ComponentRegistry{TComponent}"/>.
/// </summary>
public interface IArchivedComponent
{
    /// <summary>Writes the component's options and state into its stage folder.</summary>
    void Save(StageWriter writer);
}
