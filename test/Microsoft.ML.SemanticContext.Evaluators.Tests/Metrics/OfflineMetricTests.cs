using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Metrics;

public class OfflineMetricTests
{
    [Fact]
    public void DistinctNCountsUniqueNGramsOverAllNGramsPooled()
    {
        // Tokens: "the cat sat the cat" + "the dog": unigrams 7 total, unique {the, cat, sat, dog} = 4.
        // Bigrams: the-cat, cat-sat, sat-the, the-cat | the-dog = 5 total, 4 unique.
        string[] texts = ["The cat sat, the cat.", "The dog!"];
        Assert.Equal(4.0 / 7.0, DistinctNGrams.Compute(texts, 1), 12);
        Assert.Equal(4.0 / 5.0, DistinctNGrams.Compute(texts, 2), 12);
        Assert.Equal(3.0 / 3.0, DistinctNGrams.Compute(texts, 3), 12);
        Assert.Equal(0, DistinctNGrams.Compute(["a b"], 3));
    }

    [Fact]
    public void RepetitionRateIsTheShareOfFourGramsSeenBefore()
    {
        // 9 words → 6 four-grams; "and they played and" ... the loop repeats 2 of them.
        Assert.Equal(2.0 / 6.0, RepetitionRate.Compute("and they played and they played and they happy")!.Value, 12);
        Assert.Equal(0, RepetitionRate.Compute("Once upon a time there was a dog.")!.Value);
        Assert.Null(RepetitionRate.Compute("too short"));
    }

    [Fact]
    public void ContractionsStayOneWord() =>
        Assert.Equal(["she", "didn't", "go", "3"], WordTokens.Of("She didn't go 3!"));

    [Fact]
    public void TfIdfCosineIsOneForTheSameTextAndLowerForUnrelatedText()
    {
        string[] corpus = ["Lily found a red ball in the park.", "The rocket flew to the moon.", "Lily kicked the red ball."];
        var embedder = new HashedTfIdfEmbedder(corpus, dimensions: 1024);
        var a = embedder.Embed(corpus[0]);
        Assert.Equal(1.0, CosineSimilarity.Compute(a, a)!.Value, 6);
        var related = CosineSimilarity.Compute(a, embedder.Embed(corpus[2]))!.Value;
        var unrelated = CosineSimilarity.Compute(a, embedder.Embed(corpus[1]))!.Value;
        Assert.True(related > unrelated, $"related {related} should exceed unrelated {unrelated}");
        Assert.Null(CosineSimilarity.Compute(a, embedder.Embed("")));
    }

    [Fact]
    public void CosineOfKnownVectors() =>
        Assert.Equal(1 / Math.Sqrt(2), CosineSimilarity.Compute([1f, 0f], [1f, 1f])!.Value, 6);

    [Fact]
    public void NamesComeFromNamedCalledAndMidSentenceCapitals()
    {
        var names = new CharacterNames();
        var found = names.Find("Once upon a time, there was a girl named Lily. She had a dog called Max. One day Lily and Tom went out. Mom smiled.");
        Assert.Equal(new HashSet<string> { "Lily", "Max", "Tom" }, found);
    }

    [Fact]
    public void ANameListAlsoCatchesNamesThatOpenASentence()
    {
        var prompt = "Sue had a kite. The kite was blue.";
        Assert.Empty(new CharacterNames().Find(prompt));
        Assert.Equal(["Sue"], new CharacterNames(["sue", "tom"]).Find(prompt));
    }

    [Fact]
    public void CarriedFractionCountsPromptNamesTheContinuationMentions()
    {
        var names = new CharacterNames();
        var prompt = "There was a boy named Tim and a cat named Kitty. Tim";
        Assert.Equal(0.5, names.CarriedFraction(prompt, " ran home. Tim was happy.")!.Value, 12);
        Assert.Equal(1.0, names.CarriedFraction(prompt, " hugged Kitty. Tim smiled.")!.Value, 12);
        Assert.Null(names.CarriedFraction("The sun was hot.", "It set."));
    }
}
