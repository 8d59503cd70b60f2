using Microsoft.ML.SemanticContext.Corpus.Synthetic;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Segmentation;

/// <summary>The built-in demo corpus: the segmenter must find exactly the sentences the generator wrote.</summary>
public class SyntheticCorpusSegmentationTests
{
    [Fact]
    public void Segmenter_fitted_on_the_synthetic_corpus_splits_at_the_sidecar_boundaries()
    {
        var stories = StorySynthesizer.Generate(2000, seed: 11);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTexts(stories.Select(s => s.Text));
        var one = ml.Transforms.SemanticContext.SegmentSentences(1).Fit(data);
        var two = ml.Transforms.SemanticContext.SegmentSentences(2).Fit(data);
        foreach (var story in stories)
        {
            Assert.Equal(story.Sentences, one.Segment(story.Text).Chunks);
            var pairs = Enumerable.Range(0, 5).Select(r => story.Text.Substring(
                story.Text.IndexOf(story.Sentences[2 * r], StringComparison.Ordinal),
                story.Text.IndexOf(story.Sentences[2 * r + 1], StringComparison.Ordinal) + story.Sentences[2 * r + 1].Length
                - story.Text.IndexOf(story.Sentences[2 * r], StringComparison.Ordinal)));
            Assert.Equal(pairs, two.Segment(story.Text).Chunks);
        }
    }

    [Fact]
    public void Segmenter_fitted_on_real_stories_also_splits_the_synthetic_ones_exactly()
    {
        foreach (var story in StorySynthesizer.Generate(300, seed: 12))
            Assert.Equal(story.Sentences, TrainedSegmenter.Sentences.Segment(story.Text).Chunks);
    }
}
