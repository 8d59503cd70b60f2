using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Clustering;
using Xunit;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.EndToEnd;

/// <summary>The four stages together on real and synthetic stories: save/load, determinism, the strip invariant, roles.</summary>
public class AnnotationPipelineTests
{
    const int RealStories = 300;

    static string SharedData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Microsoft.ML.SemanticContext.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
        throw new DirectoryNotFoundException("No folder above the test assembly holds Microsoft.ML.SemanticContext.sln.");
    }

    static IDataView FirstRealStories(MLContext ml, int count = RealStories) =>
        ml.Data.LoadFromTexts(ml.Data.LoadCorpus(Path.Combine(SharedData(), "tinystories", "tinystories_gpt4_clean_first5000.jsonl"))
            .GetColumn<string>(ColumnNames.Text).Take(count).ToList());

    static EstimatorChain<ClusterTokenTransformer> Pipeline(MLContext ml, Placement placement = Placement.Prepend) =>
        ml.Transforms.SemanticContext.SegmentSentences(sentencesPerSegment: 2)
            .Append(ml.Transforms.SemanticContext.MaskEntities())
            .AppendCacheCheckpoint()
            .Append(ml.Transforms.SemanticContext.EmbedSegments())
            .Append(ml.Transforms.SemanticContext.AssignClusterTokens(k: 5, placement: placement));

    [Fact]
    public void RealStoriesRoundTripThroughSaveLoadAndStripBackToTheOriginal()
    {
        var ml = new MLContext(seed: 42);
        var stories = FirstRealStories(ml).Materialize();
        var model = Pipeline(ml).Fit(stories);
        var annotated = model.Transform(stories).Materialize().Rows;
        var texts = annotated.Select(r => r.Get<string>(ColumnNames.Annotated)).ToList();

        var path = Path.Combine(Path.GetTempPath(), $"annotator-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, path);
            var fresh = new MLContext(seed: 7);
            var loaded = fresh.Model.Load(path);
            Assert.Equal(texts, loaded.Transform(stories).GetColumn<string>(ColumnNames.Annotated).ToList());
        }
        finally { File.Delete(path); }

        for (int i = 0; i < annotated.Count; i++)
        {
            var story = annotated[i].Get<string>(ColumnNames.Text);
            Assert.Equal(story, ClusterTokens.Strip(texts[i], Placement.Prepend));
            var clusters = annotated[i].Get<int[]>(ColumnNames.ClusterIds);
            Assert.Equal(annotated[i].Get<string[]>(ColumnNames.Segments).Length, clusters.Length);
            Assert.StartsWith($"<cluster_{clusters[0]}> ", texts[i]);
        }
        var sizes = annotated.SelectMany(r => r.Get<int[]>(ColumnNames.ClusterIds)).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(5, sizes.Count); // every cluster is used
    }

    [Fact]
    public void SameSeedGivesByteIdenticalAnnotationsAndPostpendStripsToo()
    {
        string Annotate(int seed)
        {
            var ml = new MLContext(seed: seed);
            var stories = FirstRealStories(ml, count: 150).Materialize();
            var texts = Pipeline(ml, Placement.Postpend).Fit(stories).Transform(stories).GetColumn<string>(ColumnNames.Annotated).ToList();
            Assert.Equal(stories.GetColumn<string>(ColumnNames.Text), texts.Select(t => ClusterTokens.Strip(t, Placement.Postpend)));
            return string.Join("\n<|endoftext|>\n", texts);
        }
        Assert.Equal(Annotate(3), Annotate(3));
    }
}
