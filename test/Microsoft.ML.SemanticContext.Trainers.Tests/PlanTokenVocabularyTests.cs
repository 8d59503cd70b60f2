using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

public class PlanTokenVocabularyTests
{
    static ByteLevelBpeTokenizer Tokenizer() => ByteLevelBpeTokenizer.Train(["once upon a time there was a dog", "the end"], 300);

    [Fact]
    public void AddedPlanTokensAreSingleIdsAtTheEndOfTheVocabulary()
    {
        var tokenizer = Tokenizer();
        int before = tokenizer.VocabularySize;
        PlanTokenVocabulary.AddTo(tokenizer, 4);
        Assert.Equal(before + 4, tokenizer.VocabularySize);
        Assert.Equal(Enumerable.Range(before, 4).ToHashSet(), PlanTokenVocabulary.IdsIn(tokenizer));
        Assert.Equal([before + 2], tokenizer.Encode("<cluster_2>"));
        Assert.DoesNotContain(tokenizer.EndOfTextId, PlanTokenVocabulary.IdsIn(tokenizer));
        PlanTokenVocabulary.AddTo(tokenizer, 5);  // the first four keep their ids
        Assert.Equal(before + 5, tokenizer.VocabularySize);
        Assert.Equal([before + 2], tokenizer.Encode("<cluster_2>"));
    }

    [Fact]
    public void TheBaseSizeLeavesOutOnlyThePlanTokensThatEndTheVocabulary()
    {
        var tokenizer = Tokenizer();
        int before = tokenizer.VocabularySize;
        Assert.Equal(before, PlanTokenVocabulary.BaseSize(tokenizer));
        PlanTokenVocabulary.AddTo(tokenizer, 3);
        Assert.Equal(before, PlanTokenVocabulary.BaseSize(tokenizer));
        // A special token after the plan tokens makes them ordinary ids of the base vocabulary.
        tokenizer.AddSpecialToken("<sep>");
        Assert.Equal(before + 4, PlanTokenVocabulary.BaseSize(tokenizer));
        Assert.Equal(3, PlanTokenVocabulary.IdsIn(tokenizer).Count);
    }

    [Fact]
    public void GeneratedTextLosesEachPlanTokenAndNothingElse()
    {
        // Core's ClusterTokens.Strip, as the language model applies it to prompts and continuations.
        Assert.Equal("Once upon a time. The end.", ClusterTokens.Strip("<cluster_3>Once upon a time.<cluster_0> The end."));
        Assert.Equal("Once upon a time. The end.", ClusterTokens.Strip("Once upon a time.<cluster_1> The end.<cluster_0>"));
        Assert.Equal("A.\nB.", ClusterTokens.Strip("A.<cluster_1><cluster_2>\nB."));
    }
}
