using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.EndToEnd;

/// <summary>The four stages together on real and synthetic stories: save/load, determinism, the strip invariant, roles.</summary>
public class AnnotationPipelineTests
{
    [Fact]
    public void RealStoriesRoundTripThroughSaveLoadAndStripBackToTheOriginal()
    {
        var ml = new MLContext(seed: 42);
        var stories = AnnotationPipeline.Stories(ml);
        var model = AnnotationPipeline.Build(ml).Fit(stories);
        var annotated = AnnotationPipeline.Annotate(ml, model, stories);

        var path = Path.Combine(TestPaths.TempDir(), "annotator.zip");
        ml.Model.SemanticContext.Save(model, stories.Schema, path);
        var fresh = new MLContext(seed: 7);
        var loaded = fresh.Model.SemanticContext.Load(path, out var schema);
        Assert.Equal(stories.Schema.Select(c => (c.Name, c.Type)), schema!.Select(c => (c.Name, c.Type)));
        var again = AnnotationPipeline.Annotate(fresh, loaded, AnnotationPipeline.Stories(fresh));
        Assert.Equal(annotated.Select(r => r.Annotated), again.Select(r => r.Annotated));
        Assert.Equal(annotated.Select(r => r.Clusters), again.Select(r => r.Clusters));

        Assert.Equal(SharedData.CleanStories.Take(300), annotated.Select(r => r.Text));
        foreach (var story in annotated)
        {
            Assert.Equal(story.Text, ClusterTokens.Strip(story.Annotated));
            Assert.Equal(story.Segments.Length, story.Clusters.Length);
            Assert.StartsWith($"<cluster_{story.Clusters[0]}>{story.Segments[0][..1]}", story.Annotated);
        }
        Assert.Equal(5, annotated.SelectMany(r => r.Clusters).Distinct().Count()); // every cluster is used
    }

    [Fact]
    public void SameSeedGivesByteIdenticalAnnotationsAndPostpendStripsToo()
    {
        string Annotate(int seed)
        {
            var ml = new MLContext(seed: seed);
            var stories = AnnotationPipeline.Stories(ml, count: 150);
            var texts = AnnotationPipeline.Build(ml, Placement.Postpend).Fit(stories).Transform(stories).GetColumn<string>(ColumnNames.Annotated).ToList();
            Assert.Equal(SharedData.CleanStories.Take(150), texts.Select(t => ClusterTokens.Strip(t)));
            return string.Join("\n<|endoftext|>\n", texts);
        }
        Assert.Equal(Annotate(3), Annotate(3));
    }
}
