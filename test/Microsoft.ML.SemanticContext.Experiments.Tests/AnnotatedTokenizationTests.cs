using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Experiments.Annotation;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>
/// Inserting plan tokens changes nothing else in the token stream: a model with plan tokens reads exactly the tokens a
/// vanilla model reads, plus one plan id per chunk (no stray space tokens beside them).
/// </summary>
public class AnnotatedTokenizationTests
{
    [Theory]
    [InlineData(2, Placement.Prepend)]
    [InlineData(1, Placement.Postpend)]
    public void StrippingThePlanIdsOfARealAnnotatedStoryGivesThePlainStorysIds(int sentences, Placement placement)
    {
        var stories = CorpusReader.Read(Path.Combine(TestPaths.SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl"))
            .Select(s => s.Text).Take(400).ToList();
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTexts(stories);
        var annotated = StoryRows.Texts(AnnotationPipeline.Build(ml, new AnnotationConfig(sentences, 5, placement)).Fit(data).Transform(data), ColumnNames.Annotated).ToList();
        var tokenizer = ByteLevelBpeTokenizer.Train(stories, 2048, [ByteLevelBpeTokenizer.UnknownToken]);
        PlanTokenVocabulary.AddTo(tokenizer, 5);
        var planIds = PlanTokenVocabulary.IdsIn(tokenizer);

        long plans = 0;
        for (int i = 0; i < stories.Count; i++)
        {
            var ids = tokenizer.Encode(annotated[i]);
            Assert.Equal(tokenizer.Encode(stories[i]), ids.Where(id => !planIds.Contains(id)));
            Assert.Equal(annotated[i].Split("<cluster_").Length - 1, ids.Count(planIds.Contains));
            plans += ids.Count(planIds.Contains);
        }
        Assert.True(plans > 2 * stories.Count, $"{plans} plan tokens in {stories.Count} stories");
    }
}
