using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Segmentation;

/// <summary>One segmenter per sentences-per-segment, fitted on the 5,000 real stories once per test run.</summary>
public static class TrainedSegmenter
{
    static readonly Lazy<SatSegmentTransformer> One = new(() => Fit(1));
    static readonly Lazy<SatSegmentTransformer> Two = new(() => Fit(2));

    public static SatSegmentTransformer Sentences => One.Value;

    public static SatSegmentTransformer Pairs => Two.Value;

    static SatSegmentTransformer Fit(int sentences) =>
        new MLContext(seed: 1).Transforms.SemanticContext.SegmentSentences(sentences)
            .Fit(InMemoryDataView.FromTexts(SharedData.CleanStories));

    /// <summary>The sentences of <paramref name="text"/> as strings.</summary>
    public static string[] SplitSentences(string text) =>
        Sentences.SplitSentences(text).Select(s => text.Substring(s.Start, s.Length)).ToArray();
}
