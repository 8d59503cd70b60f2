using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>
/// The built-in embedder of the prompt-similarity proxy: the embed stage's TF-IDF (<see cref="TfidfVocabulary"/>,
/// sublinear tf, smoothed idf, unit-length vectors) fitted on the texts being evaluated, typically every prompt and
/// completion of the models compared, so that every model is measured with the same vocabulary and weights. The
/// cosine of two such vectors measures shared words weighted by rarity: a lexical, not semantic, proxy for
/// "stays on topic".
/// </summary>
public sealed class TfidfTextEmbedder : ITextEmbedder
{
    readonly TfidfVocabulary _tfidf;

    /// <param name="texts">The texts whose words make the vocabulary and whose document frequencies make the idf.</param>
    public TfidfTextEmbedder(IEnumerable<string> texts) =>
        _tfidf = TfidfVocabulary.FitTransform(texts.ToList(), minDocumentFrequency: 1).Vocabulary;

    public string Name => $"TF-IDF cosine (lexical proxy; {_tfidf.Terms.Count:N0} terms of the evaluated texts)";

    /// <returns>The text's TF-IDF vector written out densely, one value per term; all zeros for a text without a known term.</returns>
    public float[] Embed(string text)
    {
        var vector = new float[_tfidf.Terms.Count];
        var (ids, weights) = _tfidf.Transform(text);
        for (int i = 0; i < ids.Length; i++) vector[ids[i]] = weights[i];
        return vector;
    }
}
