using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// The seam between the segment stage and the model that finds sentence boundaries. The built-in
/// <see cref="PunktSentenceSplitter"/> is trained on the corpus at Fit time; another splitter (e.g. the SaT ONNX model)
/// implements this interface, is passed in <see cref="SentenceSegmentOptions.Splitter"/> and registers its loader in
/// <see cref="SentenceSplitters.Registry"/>.
/// </summary>
public interface ISentenceSplitter : IArchivedComponent
{
    /// <summary>One line for logs and reports: which implementation runs and what it was trained on.</summary>
    string Description { get; }

    /// <summary>
    /// Appends the sentences of <paramref name="text"/> to <paramref name="sentences"/> (see <see cref="SentenceSpan"/>
    /// for the contract). Must be thread-safe: the transformer calls it from several threads at once.
    /// </summary>
    void Split(string text, List<SentenceSpan> sentences);
}

/// <summary>The loaders of saved sentence splitters; implementations register in their assembly's module initializer.</summary>
public static class SentenceSplitters
{
    public static ComponentRegistry<ISentenceSplitter> Registry { get; } = new("sentence splitter");
}
