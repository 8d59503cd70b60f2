using System.Numerics.Tensors;
using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>Settings of the built-in embedder (filled from <see cref="SegmentEmbeddingOptions"/>).</summary>
public sealed record TfidfSvdSettings(int Dimension, int MinDocumentFrequency, int Oversamples, int PowerIterations, int Seed);

/// <summary>
/// The built-in, offline embedder: a chunk's words weighted by sublinear TF-IDF (tf → 1 + ln tf,
/// idf = ln((1 + n) / (1 + df)) + 1, as scikit-learn's TfidfVectorizer(sublinear_tf=True)), projected onto the
/// leading right singular vectors of the corpus TF-IDF matrix (latent semantic analysis), then L2-normalised.
/// A chunk with no known word embeds as the zero vector.
/// </summary>
public sealed class TfidfSvdEmbedder : ISegmentEmbedder
{
    readonly Dictionary<string, int> _vocabulary;
    readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    readonly float[] _idf;        // [V]
    readonly float[] _projection; // [V, Dimension]: right singular vectors, row j is term j's coordinates

    TfidfSvdEmbedder(string[] terms, float[] idf, float[] projection, int dimension, int fittedChunks)
    {
        if (idf.Length != terms.Length || projection.Length != terms.Length * dimension)
            throw new InvalidDataException($"TF-IDF embedder state is inconsistent: {terms.Length} terms, {idf.Length} idf values, projection of {projection.Length} values for dimension {dimension}.");
        Terms = terms;
        _vocabulary = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (int i = 0; i < terms.Length; i++) _vocabulary.Add(terms[i], i);
        _lookup = _vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        _idf = idf;
        _projection = projection;
        Dimension = dimension;
        FittedChunks = fittedChunks;
    }

    public int Dimension { get; }
    public int FittedChunks { get; }
    public IReadOnlyList<string> Terms { get; }
    public string Description => $"built-in TF-IDF + truncated SVD ({Dimension}-d, {Terms.Count} terms) fitted on {FittedChunks} chunks";

    /// <summary>Learns the vocabulary, idf and SVD projection from <paramref name="chunks"/>.</summary>
    public static TfidfSvdEmbedder Fit(IReadOnlyList<string> chunks, TfidfSvdSettings settings)
    {
        if (chunks.Count == 0) throw new ArgumentException("The TF-IDF embedder cannot be fitted on zero chunks.");
        // Pass 1: provisional ids in first-seen order, and the document frequency of each.
        var provisional = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = provisional.GetAlternateLookup<ReadOnlySpan<char>>();
        var documentFrequency = new List<int>();
        var lastSeenIn = new List<int>();
        var chunkWords = new int[chunks.Count][];
        var words = new List<int>();
        for (int c = 0; c < chunks.Count; c++)
        {
            words.Clear();
            WordTokenizer.ForEachWord(chunks[c], word =>
            {
                if (!lookup.TryGetValue(word, out int id))
                {
                    id = provisional.Count;
                    lookup[word] = id;
                    documentFrequency.Add(0);
                    lastSeenIn.Add(-1);
                }
                if (lastSeenIn[id] != c) { lastSeenIn[id] = c; documentFrequency[id]++; }
                words.Add(id);
            });
            chunkWords[c] = words.ToArray();
        }
        // Final vocabulary: terms in at least MinDocumentFrequency chunks, in ordinal order (stable across runs).
        var terms = provisional.Where(p => documentFrequency[p.Value] >= settings.MinDocumentFrequency)
            .Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        if (terms.Length == 0)
            throw new ArgumentException($"No word occurs in at least {settings.MinDocumentFrequency} of the {chunks.Count} chunks; lower MinDocumentFrequency or fit on more text.");
        var remap = new int[provisional.Count];
        Array.Fill(remap, -1);
        for (int t = 0; t < terms.Length; t++) remap[provisional[terms[t]]] = t;
        var idf = new float[terms.Length];
        for (int t = 0; t < terms.Length; t++)
            idf[t] = (float)(Math.Log((1.0 + chunks.Count) / (1.0 + documentFrequency[provisional[terms[t]]])) + 1.0);

        var matrix = BuildTfidf(chunkWords, remap, idf, terms.Length);
        var svd = RandomizedSvd.Compute(matrix, settings.Dimension, settings.Oversamples, settings.PowerIterations, settings.Seed);
        return new TfidfSvdEmbedder(terms, idf, svd.RightVectors, svd.Rank, chunks.Count);
    }

    /// <summary>The L2-normalised TF-IDF rows [chunks, V] that the SVD factorises (scikit-learn's norm='l2').</summary>
    static SparseMatrix BuildTfidf(int[][] chunkWords, int[] remap, float[] idf, int vocabularySize)
    {
        var starts = new int[chunkWords.Length + 1];
        var rows = new (int[] Ids, float[] Weights)[chunkWords.Length];
        Parallel.For(0, chunkWords.Length, c =>
        {
            var ids = chunkWords[c].Select(w => remap[w]).Where(t => t >= 0).ToArray();
            rows[c] = Weigh(ids, idf, normalize: true);
        });
        for (int c = 0; c < rows.Length; c++) starts[c + 1] = starts[c] + rows[c].Ids.Length;
        var indices = new int[starts[^1]];
        var values = new float[starts[^1]];
        for (int c = 0; c < rows.Length; c++)
        {
            rows[c].Ids.CopyTo(indices, starts[c]);
            rows[c].Weights.CopyTo(values, starts[c]);
        }
        return new SparseMatrix(chunkWords.Length, vocabularySize, starts, indices, values);
    }

    /// <summary>Distinct term ids (sorted) and their weights (1 + ln count) · idf, optionally L2-normalised.</summary>
    static (int[] Ids, float[] Weights) Weigh(int[] termIds, float[] idf, bool normalize)
    {
        Array.Sort(termIds);
        int distinct = 0;
        for (int i = 0; i < termIds.Length; i++) if (i == 0 || termIds[i] != termIds[i - 1]) distinct++;
        var ids = new int[distinct];
        var weights = new float[distinct];
        for (int i = 0, slot = -1; i < termIds.Length; i++)
        {
            if (i == 0 || termIds[i] != termIds[i - 1]) { ids[++slot] = termIds[i]; weights[slot] = 0; }
            weights[slot]++;
        }
        for (int s = 0; s < distinct; s++) weights[s] = (1f + MathF.Log(weights[s])) * idf[ids[s]];
        if (normalize && distinct > 0)
        {
            float norm = TensorPrimitives.Norm(weights);
            TensorPrimitives.Divide(weights, norm, weights);
        }
        return (ids, weights);
    }

    /// <summary>Sparse TF-IDF weights of one chunk: (term ids, weights), the input of <see cref="Embed"/>.</summary>
    public (int[] Ids, float[] Weights) TermWeights(string chunk)
    {
        var ids = new List<int>();
        WordTokenizer.ForEachWord(chunk, word =>
        {
            if (_lookup.TryGetValue(word, out int id)) ids.Add(id);
        });
        return Weigh(ids.ToArray(), _idf, normalize: true);
    }

    public float[] Embed(IReadOnlyList<string> chunks)
    {
        var vectors = new float[chunks.Count * Dimension]; // [chunks, Dimension]
        for (int c = 0; c < chunks.Count; c++)
        {
            var (ids, weights) = TermWeights(chunks[c]);
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
        context.Options["terms"] = Terms.Count;
        context.Options["fittedChunks"] = FittedChunks;
        context.WriteJson("vocabulary.json", Terms);
        context.WriteTensors("tfidf_svd.safetensors",
        [
            new NamedTensor("idf", [Terms.Count], _idf),
            new NamedTensor("projection", [Terms.Count, Dimension], _projection),
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
        return new TfidfSvdEmbedder(terms, idf.Data, projection.Data, dimension, context.GetOption<int>("fittedChunks"));
    }

    static NamedTensor Tensor(IReadOnlyDictionary<string, NamedTensor> tensors, string name, StageReader context) =>
        tensors.TryGetValue(name, out var t) ? t : throw new InvalidDataException($"{context.Source}: '{context.Folder}/tfidf_svd.safetensors' has no tensor '{name}'.");
}
