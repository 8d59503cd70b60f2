using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Embedding;

/// <summary>
/// The one TF-IDF against scikit-learn's TfidfVectorizer(sublinear_tf=True, min_df=m) (<see cref="TfidfReference"/>).
/// </summary>
public class TfidfVocabularyTests
{
    public static TheoryData<int> MinDocumentFrequencies() => [1, 2];

    static Dictionary<string, double> Named(TfidfVocabulary vocabulary, int[] ids, float[] weights) =>
        ids.Select((id, i) => (vocabulary.Terms[id], (double)weights[i])).ToDictionary();

    static void AssertSameVector(Dictionary<string, double> expected, Dictionary<string, double> actual, string what)
    {
        Assert.True(expected.Keys.Order(StringComparer.Ordinal).SequenceEqual(actual.Keys.Order(StringComparer.Ordinal)),
            $"{what}: terms [{string.Join(" ", expected.Keys.Order(StringComparer.Ordinal))}] expected, got [{string.Join(" ", actual.Keys.Order(StringComparer.Ordinal))}]");
        foreach (var (term, weight) in expected) Assert.True(Math.Abs(weight - actual[term]) < 1e-6, $"{what}: '{term}' weighs {actual[term]}, scikit-learn {weight}");
    }

    [Theory]
    [MemberData(nameof(MinDocumentFrequencies))]
    public void VocabularyIdfAndRowsMatchScikitLearn(int minDocumentFrequency)
    {
        var reference = TfidfReference.Value;
        var expected = reference.WithMinDf(minDocumentFrequency);
        var (vocabulary, rows) = TfidfVocabulary.FitTransform(reference.Texts, minDocumentFrequency);

        Assert.True(expected.Idf.Count > 300, $"the reference vocabulary has only {expected.Idf.Count} terms");
        Assert.Equal(expected.Idf.Keys.Order(StringComparer.Ordinal), vocabulary.Terms.Order(StringComparer.Ordinal));
        for (int i = 0; i < vocabulary.Terms.Count; i++) Assert.Equal(expected.Idf[vocabulary.Terms[i]], vocabulary.Idf[i], 1e-5);

        Assert.Equal(reference.Texts.Length, rows.Rows);
        Assert.Equal(vocabulary.Terms.Count, rows.Columns);
        for (int t = 0; t < rows.Rows; t++)
        {
            var range = rows.RowStarts[t]..rows.RowStarts[t + 1];
            var fitted = Named(vocabulary, rows.ColumnIndices[range], rows.Values[range]);
            AssertSameVector(expected.Rows[t], fitted, $"fitted text {t}");
            var (ids, weights) = vocabulary.Transform(reference.Texts[t]);
            AssertSameVector(expected.Rows[t], Named(vocabulary, ids, weights), $"text {t} transformed again");
        }
        for (int t = 0; t < reference.UnseenTexts.Length; t++)
        {
            var (ids, weights) = vocabulary.Transform(reference.UnseenTexts[t]);
            AssertSameVector(expected.Unseen[t], Named(vocabulary, ids, weights), $"unseen text \"{reference.UnseenTexts[t]}\"");
        }
    }

    [Fact]
    public void IdfAndSublinearWeightsMatchHandComputedValues()
    {
        // 3 texts; "the" is in all 3 → idf = ln(4/4) + 1 = 1; "dog" in 1 → ln(4/2) + 1; "cat" in 2 → ln(4/3) + 1.
        var (vocabulary, _) = TfidfVocabulary.FitTransform(["the dog the dog", "the cat", "the cat"], minDocumentFrequency: 1);
        Assert.Equal(["cat", "dog", "the"], vocabulary.Terms);
        var (ids, weights) = vocabulary.Transform("The dog, the DOG and the zebra");
        Assert.Equal([1, 2], ids);
        // dog: (1 + ln 2)·(ln 2 + 1); the: (1 + ln 3)·1; then L2-normalised.
        double dog = (1 + Math.Log(2)) * (Math.Log(2) + 1), the = 1 + Math.Log(3), norm = Math.Sqrt(dog * dog + the * the);
        Assert.Equal(dog / norm, weights[0], 1e-5);
        Assert.Equal(the / norm, weights[1], 1e-5);
    }

    [Fact]
    public void NoTextsGiveAnEmptyVocabularyAndEveryTextTheZeroVector()
    {
        var (vocabulary, rows) = TfidfVocabulary.FitTransform([], minDocumentFrequency: 1);
        Assert.Empty(vocabulary.Terms);
        Assert.Equal(0, rows.Rows);
        Assert.Empty(vocabulary.Transform("The dog ran.").Ids);
    }
}
