using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.Transforms.SemanticContext.SegmentSentences(...)</c>.</summary>
public static class SegmentationCatalog
{
    /// <summary>
    /// Splits each story of <paramref name="inputColumn"/> into sentences and writes chunks of
    /// <paramref name="sentencesPerSegment"/> sentences to <paramref name="outputColumn"/> (and the separators that
    /// rebuild the story to <c>&lt;outputColumn&gt;_separators</c>).
    /// </summary>
    public static SentenceSegmentEstimator SegmentSentences(this SemanticContextTransforms catalog,
        int sentencesPerSegment = SentenceSegmentDefaults.SentencesPerSegment,
        string inputColumn = ColumnNames.Text,
        string outputColumn = ColumnNames.Segments) =>
        new(catalog.Environment, new SentenceSegmentOptions
        {
            SentencesPerSegment = sentencesPerSegment, InputColumn = inputColumn, OutputColumn = outputColumn,
        });

    /// <summary>The segment stage with every option (sentence length bounds, a ready splitter such as SaT, separators).</summary>
    public static SentenceSegmentEstimator SegmentSentences(this SemanticContextTransforms catalog, SentenceSegmentOptions options) =>
        new(catalog.Environment, options);
}
