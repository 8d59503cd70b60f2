namespace Microsoft.ML.SemanticContext.Transforms.Tests.Samples;

/// <summary>The README's quick start is samples/QuickStart; this test runs it.</summary>
public class QuickStartSampleTests
{
    [Fact]
    public void QuickStartAnnotatesSavesAndReloadsWithIdenticalOutput()
    {
        string output = SampleProcess.Run("QuickStart.dll", TimeSpan.FromMinutes(3));
        Assert.Contains("reloaded in a fresh context: identical output", output);
        // Five cluster tokens, each with its chunk count, and annotated stories that start with a token.
        for (int c = 0; c < 5; c++) Assert.Matches($@"(?m)^<cluster_{c}>  +\d+ chunks", output);
        Assert.Matches(@"(?m)^<cluster_\d>Once upon a time, there was a girl named Mia\.", output);   // the PredictionEngine's story
        Assert.Contains("segmenter: built-in Punkt-style boundary model", output);
    }
}
