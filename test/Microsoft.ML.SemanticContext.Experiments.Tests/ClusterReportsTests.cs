using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Experiments.Annotation;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

public class ClusterReportsTests
{
    [Fact]
    public void ClustersOfSyntheticStoriesFollowTheirNarrativeRoles()
    {
        var corpus = Path.Combine(TestPaths.TempDir(), "stories.txt");
        StorySynthesizer.WriteCorpus(corpus, stories: 400, seed: 1);
        var ml = new MLContext(seed: 1);
        var stories = ml.Data.LoadCorpus(corpus);
        var config = new AnnotationConfig();
        var annotated = AnnotationPipeline.Build(ml, config).Fit(stories).Transform(stories);
        var report = ClusterReports.Build(annotated, config, NarrativeRoles.Read(corpus), seed: 1);

        Assert.Equal(400 * 5, report.Clusters.Sum(c => c.Size)); // 10 sentences → 5 chunks of 2
        Assert.All(report.Clusters, c => Assert.NotEmpty(c.TopTerms));
        Assert.InRange(report.Silhouette!.Value, -1, 1);
        // Chance level is 0; the clusters must recover most of the five roles (NMI is null unless every chunk has a role).
        Assert.True(report.Nmi > 0.5, $"NMI {report.Nmi}");
        // Roles follow story order, so clusters that recover them carry position too; every chunk's position is known.
        Assert.Equal(400 * 5, report.Positions!.Chunks);
        Assert.True(report.Positions.MutualInformation > 0.3 * report.Positions.PositionEntropy, $"MI {report.Positions.MutualInformation}");
        Assert.All(report.Clusters, c => Assert.InRange(c.Position!.MeanRelative, 0, 1));

        var (md, json) = ClusterReports.Write(report, Path.Combine(Path.GetDirectoryName(corpus)!, "out.txt"));
        Assert.Contains("NMI", File.ReadAllText(md));
        Assert.Contains("| Mean position | First | Last |", File.ReadAllText(md));
        Assert.Contains("\"topTerms\"", File.ReadAllText(json));
    }
}
