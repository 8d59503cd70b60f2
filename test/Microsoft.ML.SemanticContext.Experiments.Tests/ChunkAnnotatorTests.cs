using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Experiments.Annotation;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

public class ChunkAnnotatorTests
{
    /// <summary>A fitted annotator and the first 60 of its 400 synthetic training stories, annotated.</summary>
    static (MLContext Ml, ITransformer Annotator, List<string[]> Segments, List<int[]> Ids, List<string> Annotated) Fitted()
    {
        var corpus = Path.Combine(TestPaths.TempDir(), "stories.txt");
        StorySynthesizer.WriteCorpus(corpus, stories: 400, seed: 1);
        var ml = new MLContext(seed: 1);
        var stories = ml.Data.LoadCorpus(corpus);
        var annotator = AnnotationPipeline.Build(ml, new AnnotationConfig()).Fit(stories);
        var rows = StoryRows.Read(annotator.Transform(stories), new InputColumn(ColumnNames.Segments, StoryColumnKind.TextVector),
            new InputColumn(ColumnNames.ClusterIds, StoryColumnKind.Int32Vector), new InputColumn(ColumnNames.Annotated, StoryColumnKind.Text)).Take(60).ToList();
        return (ml, annotator, rows.Select(r => (string[])r[0]).ToList(), rows.Select(r => (int[])r[1]).ToList(), rows.Select(r => (string)r[2]).ToList());
    }

    [Fact]
    public void GivenChunksGetTheClustersTheWholePipelineGaveThem()
    {
        var (ml, annotator, segments, ids, _) = Fitted();
        var clusters = ChunkAnnotator.Clusters(ml, annotator, segments.Select(s => (IReadOnlyList<string>)s).ToList());
        Assert.Equal(ids, clusters);
    }

    [Fact]
    public void TheAnnotatorsOwnTokensAdhereAndShuffledTokensFallToChance()
    {
        var (ml, annotator, _, _, annotated) = Fitted();
        var written = annotated.Select(t => PlanTokens.WrittenChunks(t, Placement.Prepend)).ToList();
        var clusters = ChunkAnnotator.Clusters(ml, annotator, written.Select(w => (IReadOnlyList<string>)w.Select(c => c.Text).ToList()).ToList());
        var own = written.Zip(clusters).SelectMany(p => p.First.Select((c, i) => new PlannedChunk(c.ClusterId, p.Second[i]))).ToList();

        var faithful = PlanAdherence.Compute("annotator", own);
        Assert.Equal(60 * 5, faithful.Chunks);
        Assert.True(faithful.Adherence >= 0.98, $"adherence {faithful.Adherence}");

        var random = new Random(3);
        var shuffledTokens = own.Select(c => c.PlannedCluster).OrderBy(_ => random.Next()).ToList();
        var shuffled = PlanAdherence.Compute("shuffled", own.Select((c, i) => c with { PlannedCluster = shuffledTokens[i] }).ToList());
        Assert.Equal(faithful.Chance, shuffled.Chance, 12);   // same marginals
        Assert.InRange(shuffled.Adherence, shuffled.Chance - 0.1, shuffled.Chance + 0.1);
    }

    [Fact]
    public void APipelineWithoutSegmentationIsRefusedWithWhatItNeeds()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<ArgumentException>(() => ChunkAnnotator.Clusters(ml, new TransformerChain<ITransformer>(), [["A chunk."]]));
        Assert.Contains("sentence segmentation", error.Message);
    }
}
