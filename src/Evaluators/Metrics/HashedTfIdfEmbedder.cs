namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>
/// Bag-of-words TF-IDF vectors in a fixed number of hashed dimensions, with IDF fitted on a reference corpus
/// (typically the prompts plus all completions being compared). Cosine similarity of two such vectors measures
/// shared content words weighted by rarity: a lexical, not semantic, proxy for "stays on topic".
/// </summary>
public sealed class HashedTfIdfEmbedder : ITextEmbedder
{
    readonly float[] idf;

    public HashedTfIdfEmbedder(IEnumerable<string> corpus, int dimensions = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 2);
        Dimensions = dimensions;
        var documentFrequency = new int[dimensions];
        var documents = 0;
        foreach (var text in corpus)
        {
            documents++;
            foreach (var bucket in WordTokens.Of(text).Select(Bucket).Distinct()) documentFrequency[bucket]++;
        }
        // Smoothed IDF (as scikit-learn's TfidfVectorizer): ln((1 + N) / (1 + df)) + 1, never zero.
        idf = documentFrequency.Select(df => (float)(Math.Log((1.0 + documents) / (1.0 + df)) + 1.0)).ToArray();
    }

    public int Dimensions { get; }

    public string Name => $"hashed TF-IDF ({Dimensions} dims)";

    public float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var token in WordTokens.Of(text)) vector[Bucket(token)] += 1f;
        for (var i = 0; i < vector.Length; i++) vector[i] *= idf[i];
        return vector;
    }

    int Bucket(string token)
    {
        // FNV-1a so buckets are the same in every process (string.GetHashCode is randomized per process).
        uint h = 2166136261;
        foreach (var ch in token) h = (h ^ ch) * 16777619;
        return (int)(h % (uint)Dimensions);
    }
}
