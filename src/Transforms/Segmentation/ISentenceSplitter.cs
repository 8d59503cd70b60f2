using Microsoft.ML.SemanticContext.Model;

namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// The seam between the segment stage and the model that finds sentence boundaries. The built-in
/// <see cref="PunktSentenceSplitter"/> is trained on the corpus at Fit time; the SaT ONNX model (a later issue)
/// implements this interface too and is passed in <see cref="SatSegmentOptions.Splitter"/>.
/// </summary>
public interface ISentenceSplitter
{
    /// <summary>Id under which <see cref="SentenceSplitterRegistry"/> finds the loader of a saved splitter.</summary>
    string TypeId { get; }

    /// <summary>One line for the log: which implementation runs and what it was trained on.</summary>
    string Description { get; }

    /// <summary>
    /// Appends the sentences of <paramref name="text"/> to <paramref name="sentences"/> (see <see cref="SentenceSpan"/>
    /// for the contract). Must be thread-safe: the transformer calls it from several threads at once.
    /// </summary>
    void Split(string text, List<SentenceSpan> sentences);

    /// <summary>Writes the splitter's learned state into the segment stage's folder.</summary>
    void Save(ModelSaveContext context);
}
