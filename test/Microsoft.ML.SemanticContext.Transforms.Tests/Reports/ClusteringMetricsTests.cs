using Microsoft.ML.SemanticContext.Transforms.Reports;
using Xunit;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Reports;

public class ClusteringMetricsTests
{
    [Fact]
    public void SilhouetteMatchesAHandComputedExample()
    {
        // 1-d points 0, 1 (cluster 0) and 4, 6 (cluster 1).
        // s(0) = (5 − 1)/5, s(1) = (4 − 1)/4, s(4) = (3.5 − 2)/3.5, s(6) = (5.5 − 2)/5.5.
        float[] points = [0, 1, 4, 6];
        double expected = (4.0 / 5 + 3.0 / 4 + 1.5 / 3.5 + 3.5 / 5.5) / 4;
        Assert.Equal(expected, ClusteringMetrics.Silhouette(points, 4, 1, [0, 0, 1, 1]), 1e-6);
    }

    [Fact]
    public void SilhouetteGivesSingletonsZeroAndNeedsTwoClusters()
    {
        // Cluster 1 is a singleton: s = 0 there; s(0) = (3 − 1)/3, s(1) = (2 − 1)/2.
        Assert.Equal((2.0 / 3 + 0.5 + 0) / 3, ClusteringMetrics.Silhouette([0, 1, 3], 3, 1, [0, 0, 1]), 1e-6);
        Assert.Throws<ArgumentException>(() => ClusteringMetrics.Silhouette([0, 1], 2, 1, [0, 0]));
    }

    [Fact]
    public void NmiIsOneForIdenticalPartitionsUpToRenamingAndZeroForIndependentOnes()
    {
        Assert.Equal(1.0, ClusteringMetrics.NormalizedMutualInformation([0, 0, 1, 1, 2, 2], [2, 2, 0, 0, 1, 1]), 1e-12);
        Assert.Equal(0.0, ClusteringMetrics.NormalizedMutualInformation([0, 0, 1, 1], [0, 1, 0, 1]), 1e-12);
    }

    [Fact]
    public void NmiMatchesAHandComputedValue()
    {
        // u = [0,0,0,1], v = [0,0,1,1]: I = ½ ln 2 + ¼ ln(½ / (¾ · ½)) + ¼ ln(¼ / (¼ · ½)); H(u) = −¾ ln ¾ − ¼ ln ¼, H(v) = ln 2.
        double mutual = 0.5 * Math.Log(2 / 1.5) + 0.25 * Math.Log(0.25 / (0.75 * 0.5)) + 0.25 * Math.Log(0.25 / (0.25 * 0.5));
        double hu = -(0.75 * Math.Log(0.75) + 0.25 * Math.Log(0.25)), hv = Math.Log(2);
        Assert.Equal(mutual / ((hu + hv) / 2), ClusteringMetrics.NormalizedMutualInformation([0, 0, 0, 1], [0, 0, 1, 1]), 1e-12);
    }

    [Fact]
    public void ChunkRoleIsTheRoleOfTheSentenceItStartsIn()
    {
        var labels = new StoryRoleLabels(["Tom had a dog.", "It was big.", "One day it ran.", "Tom looked.", "The end."],
            ["Introduction", "Introduction", "Twist", "Twist", "Ending"]);
        const string story = "Tom had a dog. It was big. One day it ran. Tom looked. The end.";
        Assert.Equal(["Introduction", "Twist", "Ending"],
            ChunkRoles.Assign(story, ["Tom had a dog. It was big.", "One day it ran. Tom looked.", "The end."], labels)!);
        Assert.Equal(["Introduction", "Introduction", "Twist"],
            ChunkRoles.Assign(story, ["Tom had a dog.", "It was big. One day it ran.", "Tom looked. The end."], labels)!);
        Assert.Null(ChunkRoles.Assign("Something else entirely.", ["Something else entirely."], labels));
    }
}
