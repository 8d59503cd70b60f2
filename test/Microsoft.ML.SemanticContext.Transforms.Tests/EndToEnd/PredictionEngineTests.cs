using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.EndToEnd;

/// <summary>Every stage keeps one row per story, so ML.NET's prediction engine annotates single stories through the whole pipeline.</summary>
public class PredictionEngineTests
{
    [Fact]
    public void APredictionEngineAnnotatesOneStoryExactlyAsTransformDoes()
    {
        var ml = new MLContext(seed: 5);
        var model = AnnotationPipeline.Build(ml).Fit(AnnotationPipeline.Stories(ml));
        // Stories the pipeline was fitted on, unseen ones, and one with no chunks at all.
        var stories = SharedData.CleanStories.Take(10).Concat(SharedData.CleanStories.Skip(4000).Take(10)).Append("  ").ToList();
        var expected = AnnotationPipeline.Annotate(ml, model, ml.Data.LoadFromTexts(stories));

        var engine = ml.Model.CreatePredictionEngine<Story, AnnotatedStory>(model);
        for (int i = 0; i < stories.Count; i++)
        {
            var predicted = engine.Predict(new Story { Text = stories[i] });
            Assert.Equal(stories[i], predicted.Text);
            Assert.Equal(expected[i].Segments, predicted.Segments);
            Assert.Equal(expected[i].Clusters, predicted.Clusters);
            Assert.Equal(expected[i].Annotated, predicted.Annotated);
        }
        Assert.Empty(expected[^1].Clusters);
        Assert.Equal("  ", expected[^1].Annotated);
    }

    [Fact]
    public void ALoadedPipelineServesAPredictionEngineInAFreshContext()
    {
        var ml = new MLContext(seed: 5);
        var stories = AnnotationPipeline.Stories(ml, count: 120);
        var model = AnnotationPipeline.Build(ml).Fit(stories);
        var path = Path.Combine(TestPaths.TempDir(), "annotator.zip");
        ml.Model.SemanticContext.Save(model, stories.Schema, path);

        var fresh = new MLContext();
        var engine = fresh.Model.CreatePredictionEngine<Story, AnnotatedStory>(fresh.Model.SemanticContext.Load(path, out var schema), schema!);
        var story = SharedData.CleanStories[4321];
        Assert.Equal(model.Transform(ml.Data.LoadFromTexts([story])).GetColumn<string>(ColumnNames.Annotated).Single(),
            engine.Predict(new Story { Text = story }).Annotated);
    }
}
