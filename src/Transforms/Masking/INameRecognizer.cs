using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Masking;

/// <summary>
/// The seam between the mask stage and a model that finds person names (e.g. a BERT NER model through ONNX). When
/// <see cref="EntityMaskOptions.NameRecognizer"/> is set, its names replace the built-in name statistics; gendered
/// pronouns are masked as before. Implementations are immutable, thread-safe, and register their loader in
/// <see cref="NameRecognizers.Registry"/>.
/// </summary>
public interface INameRecognizer : IArchivedComponent
{
    /// <summary>One line for logs and reports: which model runs.</summary>
    string Description { get; }

    /// <summary>The person-name spans of each chunk of one story, in order and not overlapping (Kind = Name).</summary>
    List<EntitySpan>[] FindNames(IReadOnlyList<string> chunks);
}

/// <summary>The loaders of saved name recognizers; implementations register in their assembly's module initializer.</summary>
public static class NameRecognizers
{
    public static ComponentRegistry<INameRecognizer> Registry { get; } = new("name recognizer");
}
