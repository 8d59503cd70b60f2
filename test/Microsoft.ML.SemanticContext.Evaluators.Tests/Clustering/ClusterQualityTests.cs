using Microsoft.ML.SemanticContext.Evaluators.Clustering;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Clustering;

/// <summary>Expected values from scikit-learn 1.2.1 via Fixtures/cluster_quality_reference.py (same data as here).</summary>
public class ClusterQualityTests
{
    static readonly float[][] Points =
    [
        [0.0f, 0.1f, 0.2f], [0.2f, 0.0f, 0.1f], [0.1f, 0.3f, 0.0f], [0.3f, 0.2f, 0.2f],
        [2.0f, 2.1f, 1.9f], [2.2f, 1.8f, 2.0f], [1.9f, 2.0f, 2.3f],
        [0.0f, 2.0f, 4.0f], [0.3f, 2.2f, 3.8f], [0.1f, 1.7f, 4.1f], [1.0f, 1.0f, 1.0f],
        [5.0f, 5.0f, 5.0f],
    ];
    static readonly int[] Labels = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 3];

    [Fact]
    public void SilhouetteMatchesScikitLearnIncludingASingletonCluster() =>
        // float32 inputs against sklearn's float64: agreement to ~1e-7.
        Assert.Equal(0.5871239689128792, ClusterQuality.Silhouette(Points, Labels)!.Value, 6);

    [Fact]
    public void SilhouetteIsUndefinedForOneCluster() =>
        Assert.Null(ClusterQuality.Silhouette(Points, Labels.Select(_ => 0).ToArray()));

    [Fact]
    public void NmiMatchesScikitLearn()
    {
        int[] clusters = [0, 0, 1, 1, 2, 2, 2, 0, 1, 3];
        string[] roles = ["intro", "intro", "twist", "twist", "end", "end", "intro", "intro", "end", "twist"];
        Assert.Equal(0.5884891726309152, ClusterQuality.NormalizedMutualInformation(clusters, roles), 12);
        Assert.Equal(1.0, ClusterQuality.NormalizedMutualInformation([1, 1, 0, 0], ["a", "a", "b", "b"]), 12);
    }

    [Fact]
    public void TopTermsAreWhatSetsAClusterApartNotFunctionWords()
    {
        string[] texts =
        [
            "Once upon a time there was a little <unk>.", "Once upon a time, a little dog lived in a house.",
            "Suddenly, the sky turned dark.", "But suddenly, <unk> heard a loud noise.",
            "The end.", "They lived happily ever after. The end.",
        ];
        var terms = ClusterTerms.Top(texts, [0, 0, 1, 1, 2, 2], k: 3, count: 2);
        Assert.Equal(["little", "once"], terms[0]);
        Assert.Equal("suddenly", terms[1][0]);
        Assert.Equal("end", terms[2][0]);
    }

    [Fact]
    public void TheBuilderFillsSizesTermsCentralExamplesAndBothScores()
    {
        var chunks = Points.Select((p, i) => new ClusteredChunk($"chunk {i}", $"masked words{Labels[i]} chunk", Labels[i], p, Labels[i] < 2 ? "early" : "late")).ToList();
        var report = ClusterReportBuilder.Build(4, "prepend", 2, chunks, seed: 1, examplesPerCluster: 1);

        Assert.Equal([4, 3, 4, 1], report.Clusters.Select(c => c.Size));
        Assert.Equal(0.5871239689128792, report.Silhouette!.Value, 6);
        Assert.NotNull(report.Nmi);
        Assert.Equal("words0", report.Clusters[0].TopTerms[0]);
        // Cluster 2's mean is (0.35, 1.725, 3.225): chunk 8 (0.3, 2.2, 3.8) is nearest, the outlier chunk 10 farthest.
        Assert.Equal(["chunk 8"], report.Clusters[2].Examples);
    }
}
