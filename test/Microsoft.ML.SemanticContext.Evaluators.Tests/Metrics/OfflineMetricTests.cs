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

    [Theory]
    [InlineData("She didn't go 3!", "she|didn't|go|3")]
    [InlineData("'Cause the dogs' rock'n'roll, Tom's.", "cause|the|dogs|rock'n'roll|tom's")]
    [InlineData("It's x² snake_case  -- ' a", "it's|x²|snake_case|a")]
    public void WordsAreTheSharedWordsWithContractionsKeptWhole(string text, string expected) =>
        Assert.Equal(expected, string.Join("|", WordTokens.Of(text)));

    [Fact]
    public void CosineOfKnownVectors() =>
        Assert.Equal(1 / Math.Sqrt(2), CosineSimilarity.Compute([1f, 0f], [1f, 1f])!.Value, 6);
}
