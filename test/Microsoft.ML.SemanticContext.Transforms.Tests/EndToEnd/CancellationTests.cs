using Microsoft.ML.SemanticContext.Transforms.Clustering;
using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.EndToEnd;

/// <summary>
/// <c>ml.Cancellation</c> (Ctrl-C in the CLI) stops the annotation pipeline inside its fit, at the next story, batch,
/// iteration or restart of whichever stage is running, with <see cref="OperationCanceledException"/>.
/// </summary>
public class CancellationTests
{
    [Fact]
    public void FitOnACancelledContextThrowsBeforeAnyStageIsFitted()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var ml = new MLContext(seed: 42) { Cancellation = source.Token };
        var log = new LogLines(ml);

        Assert.Throws<OperationCanceledException>(() => AnnotationPipeline.Build(ml).Fit(AnnotationPipeline.Stories(ml)));
        Assert.Empty(log.Lines); // every stage logs what it fitted: none got that far
    }

    [Theory]
    [InlineData("embedding: reading chunks", "masker:", "embedder:")]
    [InlineData("clustering", "embedder:", "clusters:")]
    public void CancellingDuringAStageStopsTheFitInsideThatStage(string cancelAtStage, string fittedBefore, string neverFitted)
    {
        using var source = new CancellationTokenSource();
        var ml = new MLContext(seed: 42) { Cancellation = source.Token, Progress = new CancelAt(cancelAtStage, source) };
        var log = new LogLines(ml);

        Assert.Throws<OperationCanceledException>(() => AnnotationPipeline.Build(ml).Fit(AnnotationPipeline.Stories(ml)));
        Assert.Contains(log.Lines, line => line.StartsWith(fittedBefore, StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, line => line.StartsWith(neverFitted, StringComparison.Ordinal));
    }

    [Fact]
    public void AFittedPipelineStopsReadingRowsOnceCancelled()
    {
        using var source = new CancellationTokenSource();
        var ml = new MLContext(seed: 42) { Cancellation = source.Token };
        var stories = AnnotationPipeline.Stories(ml, 40);
        var model = AnnotationPipeline.Build(ml).Fit(stories);
        source.Cancel();

        Assert.Throws<OperationCanceledException>(() => AnnotationPipeline.Annotate(ml, model, stories));
    }

    [Fact]
    public void KMeansAndTheSvdHonourTheirToken()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        var points = Enumerable.Range(0, 40).Select(i => (float)Math.Sin(i)).ToArray(); // [20, 2]
        Assert.Throws<OperationCanceledException>(() => KMeans.Fit(points, 20, 2, new KMeansOptions { K = 3, Restarts = 2 }, source.Token));
        Assert.Throws<OperationCanceledException>(() => KMeans.Fit(points, 20, 2, new KMeansOptions { K = 3, MiniBatch = true, MiniBatchSize = 4 }, source.Token));
        var (_, matrix) = TfidfVocabulary.FitTransform(["the cat sat", "the dog sat", "a cat ran", "a dog ran"], 1);
        Assert.Throws<OperationCanceledException>(() => RandomizedSvd.Compute(matrix, 2, 1, 2, seed: 1, source.Token));
    }

    /// <summary>Cancels the token the first time <paramref name="stage"/> reports progress (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    sealed class CancelAt(string stage, CancellationTokenSource source) : IProgress<ProgressEvent>
    {
        public void Report(ProgressEvent value)
        {
            if (value.Stage == stage) source.Cancel();
        }
    }
}
