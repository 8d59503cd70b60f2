using System.Text;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Evaluators.Clustering;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Clustering;

/// <summary>
/// Expected values from numpy and sklearn.metrics.mutual_info_score: build/fixtures/clustering/positions.json, written by
/// build/fixtures/clustering/positions.py from the stories it holds (cluster ids per story, in chunk order).
/// </summary>
public class ClusterPositionsTests
{
    static readonly JsonElement Expected = FixtureJson.Load("clustering/positions.json");

    static (List<int> Ids, List<ChunkPosition> Positions) Chunks()
    {
        var (ids, positions) = (new List<int>(), new List<ChunkPosition>());
        foreach (var story in Expected.GetProperty("stories").EnumerateArray().Select(s => s.EnumerateArray().Select(c => c.GetInt32()).ToArray()))
            for (var i = 0; i < story.Length; i++) { ids.Add(story[i]); positions.Add(new ChunkPosition(i, story.Length)); }
        return (ids, positions);
    }

    [Fact]
    public void PerClusterPositionsAndMutualInformationMatchNumpyAndScikitLearn()
    {
        var (ids, positions) = Chunks();
        var k = Expected.GetProperty("k").GetInt32();
        var (clusters, overall) = ClusterPositions.Summarize(ids, positions, k);

        foreach (var e in Expected.GetProperty("clusters").EnumerateArray())
        {
            var c = clusters[e.GetProperty("id").GetInt32()]!;
            Assert.Equal(e.GetProperty("mean_position").GetDouble(), c.MeanRelative, 12);
            Assert.Equal(e.GetProperty("first_share").GetDouble(), c.FirstShare, 12);
            Assert.Equal(e.GetProperty("last_share").GetDouble(), c.LastShare, 12);
        }
        Assert.Equal(Expected.GetProperty("mutual_information").GetDouble(), overall!.MutualInformation, 12);
        Assert.Equal(Expected.GetProperty("position_entropy").GetDouble(), overall.PositionEntropy, 12);
        Assert.Equal(Expected.GetProperty("spread").GetDouble(), overall.Spread, 12);
        Assert.Equal(Expected.GetProperty("chunks").GetInt32(), overall.Chunks);
    }

    [Fact]
    public void AnEmptyClusterHasNoPositionAndIdsOutsideKAreRefused()
    {
        var (clusters, overall) = ClusterPositions.Summarize([0, 0, 2], [new(0, 2), new(1, 2), new(0, 1)], 3);
        Assert.Null(clusters[1]);
        Assert.Equal(0.5, clusters[0]!.MeanRelative, 12);
        Assert.Equal(1.0, clusters[2]!.LastShare, 12);   // a one-chunk story's chunk closes it too
        Assert.Equal(0.5 - 0.0, overall!.Spread, 12);   // means 0.5 (cluster 0) and 0 (cluster 2)
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterPositions.Summarize([3], [new(0, 1)], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClusterPositions.Summarize([0], [new(2, 2)], 3));
    }

    [Fact]
    public void TheClusterReportShowsPositionsWithoutRoleLabelsAndExplainsThem()
    {
        var (ids, positions) = Chunks();
        var chunks = ids.Select((c, i) => new ClusteredChunk($"chunk {i}", $"words{c}", c, Position: positions[i])).ToList();
        var report = ClusterReportBuilder.Build(5, "prepend", 2, chunks, seed: 1);

        Assert.Null(report.Nmi);
        Assert.Equal(Expected.GetProperty("mutual_information").GetDouble(), report.Positions!.MutualInformation, 12);
        Assert.Equal(1.0, report.Clusters[3].Position!.LastShare, 12);

        var md = new StringBuilder();
        MarkdownReport.AppendClusters(md, report);
        var text = md.ToString();
        Assert.Contains("| Token | Chunks | Mean position | First | Last | Top terms | Examples |", text);
        Assert.Contains("| `<cluster_3>` | 6 (21.4%) | 1.00 | 0.0% | 100.0% |", text);
        Assert.Contains(ReportText.PositionSentence(report.Positions), text);
        foreach (var (name, meaning) in ReportText.PositionLegend) Assert.Contains($"- **{name}**: {meaning}.", text);
    }

    [Fact]
    public void WithoutPositionsTheTableKeepsItsOldColumns()
    {
        var report = ClusterReportBuilder.Build(2, "prepend", 2, [new("a", "a", 0), new("b", "b", 1)], seed: 1);
        Assert.Null(report.Positions);
        var md = new StringBuilder();
        MarkdownReport.AppendClusters(md, report);
        Assert.Contains("| Token | Chunks | Top terms | Examples |", md.ToString());
    }
}
