using System.Numerics.Tensors;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>Settings of the built-in embedder (filled from <see cref="SegmentEmbeddingOptions"/>).</summary>
public sealed record TfidfSvdSettings(int Dimension, int MinDocumentFrequency, int Oversamples, int PowerIterations, int Seed);

/// <summary>
/// The built-in, offline embedder: a chunk's sublinear TF-IDF vector (<see cref="TfidfVocabulary"/>, as
/// scikit-learn's TfidfVectorizer(sublinear_tf=True)), projected onto the leading right singular vectors of the
/// corpus TF-IDF matrix (latent semantic analysis), then L2-normalised. A chunk with no known word embeds as the
/// zero vector.
/// </summary>
public sealed class TfidfSvdEmbedder : ISegmentEmbedder
{
    readonly float[] _projection; // [V, Dimension]: right singular vectors, row j is term j's coordinates

    TfidfSvdEmbedder(TfidfVocabulary tfidf, float[] projection, int dimension, int fittedChunks)
    {
        if (projection.Length != tfidf.Terms.Count * dimension)
            throw new InvalidDataException($"TF-IDF embedder state is inconsistent: {tfidf.Terms.Count} terms, projection of {projection.Length} values for dimension {dimension}.");
        Tfidf = tfidf;
        _projection = projection;
        Dimension = dimension;
        FittedChunks = fittedChunks;
    }

    public int Dimension { get; }
    public int FittedChunks { get; }

    /// <summary>The terms, their idf and the sparse vectors the projection reads.</summary>
    public TfidfVocabulary Tfidf { get; }

    public string Description => $"built-in TF-IDF + truncated SVD ({Dimension}-d, {Tfidf.Terms.Count} terms) fitted on {FittedChunks} chunks";

    /// <summary>Learns the vocabulary, idf and SVD projection from <paramref name="chunks"/>; stops with <paramref name="cancellation"/>.</summary>
    public static TfidfSvdEmbedder Fit(IReadOnlyList<string> chunks, TfidfSvdSettings settings, CancellationToken cancellation = default)
    {
        if (chunks.Count == 0) throw new ArgumentException("The TF-IDF embedder cannot be fitted on zero chunks.");
        var (tfidf, matrix) = TfidfVocabulary.FitTransform(chunks, settings.MinDocumentFrequency);
        if (tfidf.Terms.Count == 0)
            throw new InvalidInputException($"No word occurs in at least {settings.MinDocumentFrequency} of the {chunks.Count} chunks; lower MinDocumentFrequency or fit on more text.");
        cancellation.ThrowIfCancellationRequested();
        var svd = RandomizedSvd.Compute(matrix, settings.Dimension, settings.Oversamples, settings.PowerIterations, settings.Seed, cancellation);
        return new TfidfSvdEmbedder(tfidf, svd.RightVectors, svd.Rank, chunks.Count);
    }

    public float[] Embed(IReadOnlyList<string> chunks)
    {
        var vectors = new float[chunks.Count * Dimension]; // [chunks, Dimension]
        for (int c = 0; c < chunks.Count; c++)
        {
            var (ids, weights) = Tfidf.Transform(chunks[c]);
            var vector = vectors.AsSpan(c * Dimension, Dimension);
            for (int p = 0; p < ids.Length; p++)
                TensorPrimitives.MultiplyAdd(_projection.AsSpan(ids[p] * Dimension, Dimension), weights[p], vector, vector);
            float norm = TensorPrimitives.Norm(vector);
            if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
        }
        return vectors;
    }

    public void Save(StageWriter context)
    {
        context.Options["dimension"] = Dimension;
        context.Options["terms"] = Tfidf.Terms.Count;
        context.Options["fittedChunks"] = FittedChunks;
        context.WriteJson("vocabulary.json", Tfidf.Terms);
        context.WriteTensors("tfidf_svd.safetensors",
        [
            new NamedTensor("idf", [Tfidf.Terms.Count], Tfidf.IdfValues),
            new NamedTensor("projection", [Tfidf.Terms.Count, Dimension], _projection),
        ]);
    }

    public static TfidfSvdEmbedder Load(StageReader context)
    {
        var terms = context.ReadJson<string[]>("vocabulary.json");
        var tensors = context.ReadTensors("tfidf_svd.safetensors");
        var idf = Tensor(tensors, "idf", context);
        var projection = Tensor(tensors, "projection", context);
        if (idf.Shape is not [var v] || v != terms.Length || projection.Shape is not [var pv, var dimension] || pv != terms.Length)
            throw new InvalidDataException($"{context.Source}: '{context.Folder}/tfidf_svd.safetensors' has idf [{string.Join(",", idf.Shape)}] and projection [{string.Join(",", projection.Shape)}], but the vocabulary has {terms.Length} terms.");
        return new TfidfSvdEmbedder(new TfidfVocabulary(terms, idf.Data), projection.Data, dimension, context.GetOption<int>("fittedChunks"));
    }

    static NamedTensor Tensor(IReadOnlyDictionary<string, NamedTensor> tensors, string name, StageReader context) =>
        tensors.TryGetValue(name, out var t) ? t : throw new InvalidDataException($"{context.Source}: '{context.Folder}/tfidf_svd.safetensors' has no tensor '{name}'.");
}
