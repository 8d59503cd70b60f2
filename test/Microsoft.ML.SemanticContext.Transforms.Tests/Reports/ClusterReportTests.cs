using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Reports;
using Xunit;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Reports;

public class ClusterReportTests
{
    /// <summary>Two kinds of chunk: "once upon a time …" openings (cluster 0, near e₀) and "the end …" endings (cluster 1, near e₁).</summary>
    static InMemoryDataView Annotated(int stories)
    {
        var schema = new DataSchema([
            new SchemaColumn(ColumnNames.Text, ColumnType.Text),
            new SchemaColumn(ColumnNames.Segments, ColumnType.TextVector),
            new SchemaColumn(ColumnNames.Embeddings, ColumnType.EmbeddingVector),
            new SchemaColumn(ColumnNames.ClusterIds, ColumnType.Int32Vector),
        ]);
        var rows = Enumerable.Range(0, stories).Select(s =>
        {
            string[] chunks = [$"Once upon a time there was a cat {s}.", $"The end of story {s} was happy."];
            return new DataRow(s, new Dictionary<string, object>
            {
                [ColumnNames.Text] = string.Join(" ", chunks),
                [ColumnNames.Segments] = chunks,
                [ColumnNames.Embeddings] = new float[][] { [1, 0.01f * (s % 5)], [0.01f * (s % 3), 1] },
                [ColumnNames.ClusterIds] = new[] { 0, 1 },
            });
        }).ToList();
        return new InMemoryDataView(schema, rows);
    }

    [Fact]
    public void SummarisesSizesTermsExamplesAndSilhouette()
    {
        var report = ClusterReport.Build(Annotated(40));
        Assert.Equal(40, report.Stories);
        Assert.Equal(80, report.Chunks);
        Assert.Equal([40, 40], report.Clusters.Select(c => c.Size));
        Assert.Equal("<cluster_1>", report.Clusters[1].Token);
        Assert.Subset(new HashSet<string> { "once", "upon", "time", "there", "was", "cat" }, report.Clusters[0].TopTerms.Take(5).Select(t => t.Term).ToHashSet());
        Assert.Contains(report.Clusters[1].TopTerms.Take(5), t => t.Term == "end");
        Assert.Equal(5, report.Clusters[0].Examples.Count);
        Assert.All(report.Clusters[0].Examples, e => Assert.StartsWith("Once upon a time", e));
        Assert.InRange(report.Silhouette!.Value, 0.95, 1.0);
        Assert.Null(report.Roles);
    }

    [Fact]
    public void ReportsNmiAgainstKnownRoles()
    {
        var roles = Enumerable.Range(0, 40).Select(s => (StoryRoleLabels?)new StoryRoleLabels(
            [$"Once upon a time there was a cat {s}.", $"The end of story {s} was happy."], ["Introduction", "Ending"])).ToList();
        roles[3] = null; // a story without labels is skipped, not fatal
        var report = ClusterReport.Build(Annotated(40), roles);
        Assert.Equal(1.0, report.Roles!.Nmi, 1e-9);
        Assert.Equal(78, report.Roles.LabelledChunks);
        Assert.Equal(1, report.Roles.SkippedStories);
        Assert.Equal(["Ending", "Introduction"], report.Roles.Roles);
        Assert.Equal([0, 39], report.Roles.Counts[0]);
    }

    [Fact]
    public void WritesMarkdownAndJsonNextToTheOutput()
    {
        var folder = Directory.CreateTempSubdirectory("cluster-report-");
        try
        {
            var prefix = Path.Combine(folder.FullName, "annotated.jsonl");
            ClusterReport.Build(Annotated(10)).Write(prefix);
            var json = JsonNode.Parse(File.ReadAllText(prefix + ".clusters.json"))!;
            Assert.Equal(2, json["k"]!.GetValue<int>());
            Assert.Equal(10, json["clusters"]![0]!["size"]!.GetValue<int>());
            var markdown = File.ReadAllText(prefix + ".clusters.md");
            Assert.Contains("| `<cluster_0>` | 10 | 50.0% |", markdown);
            Assert.Contains("Silhouette (Euclidean, 20 sampled chunks)", markdown);
            Assert.Equal(2, folder.GetFiles().Length); // no temporary files left behind
        }
        finally { folder.Delete(recursive: true); }
    }

    [Fact]
    public void MissingClusterColumnIsASchemaError()
    {
        var error = Assert.Throws<SchemaException>(() => ClusterReport.Build(InMemoryDataView.FromTexts(["a"])));
        Assert.Contains("text_segments", error.Message);
    }
}
