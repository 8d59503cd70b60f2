using System.Numerics.Tensors;
using Microsoft.ML.SemanticContext.Text;

namespace Microsoft.ML.SemanticContext.Transforms.Embedding;

/// <summary>
/// Vocabulary TF-IDF as scikit-learn's <c>TfidfVectorizer(sublinear_tf=True, min_df=m)</c> computes it. The terms
/// are the words (<see cref="WordScanner"/>) of two or more characters, lower-cased: its token pattern
/// <c>\b\w\w+\b</c>. A text's vector weighs each vocabulary term it holds by (1 + ln tf) · idf, with
/// idf = ln((1 + n) / (1 + df)) + 1 over the n fitted texts, and has unit L2 norm; a text without a known term is
/// the zero vector. Lower-casing is per character (invariant simple case mapping) where Python's <c>str.lower()</c>
/// uses full case mapping: the two differ only for a handful of characters, such as 'İ' and a word-final 'Σ'.
/// </summary>
public sealed class TfidfVocabulary
{
    /// <summary>Shorter words ("a", "I") are not terms, as in scikit-learn's default token pattern.</summary>
    const int MinTermCharacters = 2;

    readonly Dictionary<string, int> _ids;
    readonly float[] _idf; // [V]

    /// <param name="terms">The vocabulary; a term's index is its id.</param>
    /// <param name="idf">[V]: each term's inverse document frequency.</param>
    public TfidfVocabulary(IReadOnlyList<string> terms, float[] idf)
    {
        if (idf.Length != terms.Count)
            throw new InvalidDataException($"A TF-IDF vocabulary needs one idf value per term; got {terms.Count} terms and {idf.Length} idf values.");
        Terms = terms;
        _ids = new Dictionary<string, int>(terms.Count, StringComparer.Ordinal);
        for (int i = 0; i < terms.Count; i++) _ids.Add(terms[i], i);
        _idf = idf;
    }

    public IReadOnlyList<string> Terms { get; }

    public IReadOnlyList<float> Idf => _idf;

    /// <summary>[V], for the stage that saves it beside its own tensors.</summary>
    internal float[] IdfValues => _idf;

    /// <summary>
    /// Learns the terms that occur in at least <paramref name="minDocumentFrequency"/> of <paramref name="texts"/> (in
    /// ordinal order, so stable across runs) and their idf, and returns the texts' rows [texts, V] as well
    /// (scikit-learn's <c>fit_transform</c>), so that fitting reads every text once.
    /// </summary>
    public static (TfidfVocabulary Vocabulary, SparseMatrix Rows) FitTransform(IReadOnlyList<string> texts, int minDocumentFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minDocumentFrequency, 1);
        // Provisional ids in first-seen order, and the document frequency of each.
        var provisional = new Dictionary<string, int>(StringComparer.Ordinal);
        var documentFrequency = new List<int>();
        var lastSeenIn = new List<int>();
        var textTerms = new int[texts.Count][];
        var ids = new List<int>();
        for (int t = 0; t < texts.Count; t++)
        {
            ids.Clear();
            TermIds(texts[t], provisional, addUnknown: true, ids);
            foreach (int id in ids)
            {
                if (id == documentFrequency.Count) { documentFrequency.Add(0); lastSeenIn.Add(-1); }
                if (lastSeenIn[id] != t) { lastSeenIn[id] = t; documentFrequency[id]++; }
            }
            textTerms[t] = ids.ToArray();
        }
        var terms = provisional.Where(p => documentFrequency[p.Value] >= minDocumentFrequency)
            .Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
        var remap = new int[provisional.Count];
        Array.Fill(remap, -1);
        var idf = new float[terms.Length];
        for (int i = 0; i < terms.Length; i++)
        {
            int id = provisional[terms[i]];
            remap[id] = i;
            idf[i] = (float)(Math.Log((1.0 + texts.Count) / (1.0 + documentFrequency[id])) + 1.0);
        }
        var vocabulary = new TfidfVocabulary(terms, idf);
        return (vocabulary, vocabulary.Rows(textTerms, remap));
    }

    /// <summary>The L2-normalised TF-IDF vector of <paramref name="text"/>: distinct term ids (ascending) and their weights.</summary>
    public (int[] Ids, float[] Weights) Transform(string text)
    {
        var ids = new List<int>();
        TermIds(text, _ids, addUnknown: false, ids);
        return Weigh(ids.ToArray());
    }

    /// <summary>
    /// Appends the ids of <paramref name="text"/>'s terms, in order, to <paramref name="ids"/>; a term missing from
    /// <paramref name="vocabulary"/> gets the next id when <paramref name="addUnknown"/> is set and is skipped otherwise.
    /// </summary>
    static void TermIds(string text, Dictionary<string, int> vocabulary, bool addUnknown, List<int> ids)
    {
        var lookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[64];
        foreach (var word in WordScanner.Words(text))
        {
            if (word.Characters < MinTermCharacters) continue;
            var term = WordScanner.ToLower(text.AsSpan(word.Start, word.Length), buffer);
            if (!lookup.TryGetValue(term, out int id))
            {
                if (!addUnknown) continue;
                id = vocabulary.Count;
                lookup[term] = id;
            }
            ids.Add(id);
        }
    }

    /// <summary>[texts, V]: each text's vector, from its provisional term ids mapped through <paramref name="remap"/> (−1: pruned).</summary>
    SparseMatrix Rows(int[][] textTerms, int[] remap)
    {
        var rows = new (int[] Ids, float[] Weights)[textTerms.Length];
        Parallel.For(0, textTerms.Length, t => rows[t] = Weigh(textTerms[t].Select(id => remap[id]).Where(id => id >= 0).ToArray()));
        var starts = new int[rows.Length + 1];
        for (int t = 0; t < rows.Length; t++) starts[t + 1] = starts[t] + rows[t].Ids.Length;
        var indices = new int[starts[^1]];
        var values = new float[starts[^1]];
        for (int t = 0; t < rows.Length; t++)
        {
            rows[t].Ids.CopyTo(indices, starts[t]);
            rows[t].Weights.CopyTo(values, starts[t]);
        }
        return new SparseMatrix(rows.Length, Terms.Count, starts, indices, values);
    }

    /// <summary>Distinct term ids (ascending) of one text and their weights (1 + ln count) · idf, L2-normalised.</summary>
    (int[] Ids, float[] Weights) Weigh(int[] termIds)
    {
        Array.Sort(termIds);
        int distinct = 0;
        for (int i = 0; i < termIds.Length; i++) if (i == 0 || termIds[i] != termIds[i - 1]) distinct++;
        var ids = new int[distinct];
        var weights = new float[distinct];
        for (int i = 0, slot = -1; i < termIds.Length; i++)
        {
            if (i == 0 || termIds[i] != termIds[i - 1]) ids[++slot] = termIds[i];
            weights[slot]++;
        }
        for (int s = 0; s < distinct; s++) weights[s] = (1f + MathF.Log(weights[s])) * _idf[ids[s]];
        if (distinct > 0) TensorPrimitives.Divide(weights, TensorPrimitives.Norm(weights), weights);
        return (ids, weights);
    }
}
