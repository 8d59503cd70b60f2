using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Xunit;

namespace Microsoft.ML.SemanticContext.Core.Tests;

public sealed class StoryRowsTests
{
    sealed class Story
    {
        public string Text { get; set; } = "";
    }

    /// <summary>Three stories, then the source is cancelled (as a stage's own cancellation check throws).</summary>
    static IEnumerable<Story> StoriesThenCancelled()
    {
        for (int i = 0; i < 3; i++) yield return new Story { Text = $"story {i}" };
        throw new OperationCanceledException();
    }

    [Fact]
    public void ACancellationInsideMLNetsCacheReachesTheReaderAsACancellation()
    {
        var ml = new MLContext(seed: 1);
        // The cache reads its source on a thread of its own and wraps what that thread throws in an InvalidOperationException.
        var cached = ml.Data.Cache(ml.Data.LoadFromEnumerable(StoriesThenCancelled()));

        Assert.Throws<OperationCanceledException>(() => StoryRows.Texts(cached, nameof(Story.Text)).ToList());
    }

    [Fact]
    public void ACancellationInsideMLNetsCacheReachesAMappingStageAsACancellation()
    {
        var ml = new MLContext(seed: 1);
        var cached = ml.Data.Cache(ml.Data.LoadFromEnumerable(StoriesThenCancelled()));
        var mapped = new WordsTransformer(ml, nameof(Story.Text), "w").Transform(cached);

        Assert.Throws<OperationCanceledException>(() => mapped.GetColumn<string>("w_upper").ToList());
    }
}
