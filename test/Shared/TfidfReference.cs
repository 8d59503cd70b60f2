using System.Text.Json;

namespace Microsoft.ML.SemanticContext.Testing;

/// <summary>
/// scikit-learn's TfidfVectorizer(sublinear_tf=True, min_df=m) on real story paragraphs, masked chunks and Unicode
/// corner cases: build/fixtures/text/tfidf.json, written by build/fixtures/text/make_fixtures.py. Linked into the
/// test projects that check the TF-IDF and the prompt-similarity proxy built on it.
/// </summary>
internal sealed record TfidfReference(string[] Texts, string[] UnseenTexts, TfidfReference.Fit[] Fits)
{
    /// <summary>One fit: each term's idf, the fitted texts' rows and the unseen texts' rows, as term → weight.</summary>
    internal sealed record Fit(int MinDf, Dictionary<string, double> Idf, Dictionary<string, double>[] Rows, Dictionary<string, double>[] Unseen);

    static readonly Lazy<TfidfReference> Loaded = new(() => JsonSerializer.Deserialize<TfidfReference>(
        File.ReadAllText(Path.Combine(TestPaths.Root, "build", "fixtures", "text", "tfidf.json")),
        new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!);

    public static TfidfReference Value => Loaded.Value;

    public Fit WithMinDf(int minDf) => Fits.Single(f => f.MinDf == minDf);
}
