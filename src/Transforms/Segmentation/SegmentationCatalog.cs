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
    public static SatSegmentEstimator SegmentSentences(this SemanticContextTransforms catalog,
        int sentencesPerSegment = SatSegmentDefaults.SentencesPerSegment,
        string inputColumn = ColumnNames.Text,
        string outputColumn = ColumnNames.Segments) =>
        new(catalog.Context, new SatSegmentOptions
        {
            SentencesPerSegment = sentencesPerSegment, InputColumn = inputColumn, OutputColumn = outputColumn,
        });

    public static SatSegmentEstimator SegmentSentences(this SemanticContextTransforms catalog, SatSegmentOptions options) =>
        new(catalog.Context, options);
}
