using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Segmentation;

/// <summary>One segmenter per sentences-per-segment, fitted on the 5,000 real stories once per test run.</summary>
public static class TrainedSegmenter
{
    static readonly Lazy<SentenceSegmentTransformer> One = new(() => Fit(1));
    static readonly Lazy<SentenceSegmentTransformer> Two = new(() => Fit(2));

    public static SentenceSegmentTransformer Sentences => One.Value;

    public static SentenceSegmentTransformer Pairs => Two.Value;

    static SentenceSegmentTransformer Fit(int sentences)
    {
        var ml = new MLContext(seed: 1);
        return ml.Transforms.SemanticContext.SegmentSentences(sentences).Fit(ml.Data.LoadFromTexts(SharedData.CleanStories));
    }

    /// <summary>The sentences of <paramref name="text"/> as strings.</summary>
    public static string[] SplitSentences(string text) =>
        Sentences.SplitSentences(text).Select(s => text.Substring(s.Start, s.Length)).ToArray();
}
