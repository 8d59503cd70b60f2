using MixedPipeline;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Samples;

/// <summary>samples/MixedPipeline: this project's stages beside ML.NET's built-ins, one row per chunk, one archive.</summary>
public class MixedPipelineSampleTests
{
    [Fact]
    public void MixedPipelineComparesClusteringsAndReloadsWithIdenticalOutput()
    {
        string output = SampleProcess.Run("MixedPipeline.dll", TimeSpan.FromMinutes(3));
        Assert.Contains("reloaded in a fresh context: identical output", output);
        Assert.Contains("TextNormalizingTransformer → SentenceSegmentTransformer → EntityMaskTransformer → SegmentEmbeddingTransformer → ClusterTokenTransformer saved to", output);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(output, @"adjusted Rand index vs AssignClusterTokens -?[01]\.\d{3}").Count);
        Assert.Matches(@"(?m)^<cluster_\d>\S", output);
    }

    [Theory]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 1 }, 1.0)]
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 1, 1, 0, 0 }, 1.0)]      // renumbered clusters agree fully
    [InlineData(new[] { 0, 0, 1, 1 }, new[] { 0, 0, 1, 2 }, 4.0 / 7)]  // by hand: (1 − 1/3) / (3/2 − 1/3); scikit-learn's documented 0.57
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 0, 1, 2, 3 }, 0.0)]      // scikit-learn's documented 0.0
    [InlineData(new[] { 0, 0, 1, 1, 2, 2 }, new[] { 0, 1, 0, 1, 0, 1 }, -4.0 / 11)] // by hand: (0 − 6/5) / (9/2 − 6/5): worse than chance
    public void AdjustedRandIndexMatchesHandComputedValues(int[] a, int[] b, double expected) =>
        Assert.Equal(expected, Agreement.AdjustedRandIndex(a, b), 1e-12);
}
