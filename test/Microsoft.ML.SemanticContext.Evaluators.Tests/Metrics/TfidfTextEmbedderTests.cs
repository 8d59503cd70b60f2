using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Metrics;

/// <summary>The prompt-similarity proxy: cosine of the embed stage's TF-IDF vectors, fitted on the evaluated texts.</summary>
public class TfidfTextEmbedderTests
{
    [Fact]
    public void SimilarityIsScikitLearnsTfidfCosine()
    {
        // scikit-learn's TfidfVectorizer(sublinear_tf=True) fitted on the same texts (TfidfReference, min_df = 1);
        // its rows have unit length, so their dot product is the cosine.
        var reference = TfidfReference.Value;
        var rows = reference.WithMinDf(1).Rows;
        var embedder = new TfidfTextEmbedder(reference.Texts);
        int compared = 0;
        for (int i = 0; i + 1 < reference.Texts.Length; i++)
        {
            var actual = CosineSimilarity.Compute(embedder.Embed(reference.Texts[i]), embedder.Embed(reference.Texts[i + 1]));
            if (rows[i].Count == 0 || rows[i + 1].Count == 0)
            {
                Assert.Null(actual);
                continue;
            }
            double expected = rows[i].Sum(kv => kv.Value * rows[i + 1].GetValueOrDefault(kv.Key));
            Assert.True(actual is { } a && Math.Abs(a - expected) < 1e-5, $"texts {i} and {i + 1}: cosine {actual}, scikit-learn {expected}");
            compared++;
        }
        Assert.True(compared > 100, $"only {compared} pairs compared");
    }

    [Fact]
    public void SimilarityIsOneForTheSameTextAndLowerForUnrelatedText()
    {
        string[] corpus = ["Lily found a red ball in the park.", "The rocket flew to the moon.", "Lily kicked the red ball."];
        var embedder = new TfidfTextEmbedder(corpus);
        var a = embedder.Embed(corpus[0]);
        Assert.Equal(1.0, CosineSimilarity.Compute(a, a)!.Value, 6);
        var related = CosineSimilarity.Compute(a, embedder.Embed(corpus[2]))!.Value;
        var unrelated = CosineSimilarity.Compute(a, embedder.Embed(corpus[1]))!.Value;
        Assert.True(related > unrelated, $"related {related} should exceed unrelated {unrelated}");
        Assert.Null(CosineSimilarity.Compute(a, embedder.Embed("")));
    }

    [Fact]
    public void TheNameSaysWhatTheFigureIs() =>
        Assert.Equal("TF-IDF cosine (lexical proxy; 4 terms of the evaluated texts)", new TfidfTextEmbedder(["A dog ran.", "The dog sat."]).Name);
}
