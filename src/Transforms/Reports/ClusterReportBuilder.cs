using System.Numerics.Tensors;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext.Transforms.Reports;

/// <summary>
/// Builds a <see cref="ClusterReport"/> from annotated rows fed one at a time (e.g. while they are written out), so
/// the pipeline runs once. Keeps per-cluster counts, term statistics, running means and seeded samples: memory is
/// bounded by the samples and the vocabulary, not by the corpus. Not thread-safe; feed rows in order.
/// </summary>
public sealed class ClusterReportBuilder
{
    readonly ClusterReportOptions _options;
    readonly IReadOnlyList<StoryRoleLabels?>? _roles;
    readonly string _termsColumn;
    readonly Random _random;
    readonly List<int> _sizes = [];
    readonly List<Dictionary<string, double>> _termSums = [];   // per cluster: term → Σ (1 + ln tf) over its chunks
    readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    readonly List<double[]> _vectorSums = [];
    readonly List<List<(string Chunk, float[] Vector)>> _candidates = [];
    readonly List<(float[] Vector, int Cluster)> _silhouetteSample = [];
    readonly List<int> _labelledClusters = [];
    readonly List<string> _labelledRoles = [];
    int _chunks, _stories, _skippedStories, _dimension = -1;

    /// <summary>Checks <paramref name="schema"/> up front; <paramref name="roles"/> as in <see cref="ClusterReport.Build"/>.</summary>
    public ClusterReportBuilder(DataSchema schema, IReadOnlyList<StoryRoleLabels?>? roles = null, ClusterReportOptions? options = null)
    {
        _options = options ?? new ClusterReportOptions();
        _roles = roles;
        _random = new Random(_options.Seed);
        schema.RequireColumn(_options.SegmentsColumn, ColumnType.TextVector, "ClusterReport");
        schema.RequireColumn(_options.EmbeddingsColumn, ColumnType.EmbeddingVector, "ClusterReport");
        schema.RequireColumn(_options.ClusterIdsColumn, ColumnType.Int32Vector, "ClusterReport");
        if (roles is not null) schema.RequireColumn(_options.TextColumn, ColumnType.Text, "ClusterReport");
        _termsColumn = schema.TryGetColumn(_options.MaskedSegmentsColumn, out var masked) && masked.Type == ColumnType.TextVector
            ? _options.MaskedSegmentsColumn : _options.SegmentsColumn;
    }

    int K => _sizes.Count;

    /// <summary>Adds one annotated story.</summary>
    public void Add(DataRow row)
    {
        _stories++;
        var chunks = row.Get<string[]>(_options.SegmentsColumn);
        var words = row.Get<string[]>(_termsColumn);
        var vectors = row.Get<float[][]>(_options.EmbeddingsColumn);
        var clusters = row.Get<int[]>(_options.ClusterIdsColumn);
        if (words.Length != chunks.Length || vectors.Length != chunks.Length || clusters.Length != chunks.Length)
            throw new InvalidDataException($"ClusterReport: row {row.Index} has {chunks.Length} chunks, {words.Length} masked chunks, {vectors.Length} vectors and {clusters.Length} cluster ids.");
        for (int c = 0; c < chunks.Length; c++) AddChunk(chunks[c], words[c], vectors[c], clusters[c], row.Index);
        if (_roles is null) return;
        var labels = row.Index < _roles.Count ? _roles[(int)row.Index] : null;
        var assigned = labels is null ? null : ChunkRoles.Assign(row.Get<string>(_options.TextColumn), chunks, labels);
        if (assigned is null) { _skippedStories++; return; }
        _labelledRoles.AddRange(assigned);
        _labelledClusters.AddRange(clusters);
    }

    void AddChunk(string chunk, string words, float[] vector, int cluster, long rowIndex)
    {
        if (cluster < 0) throw new InvalidDataException($"ClusterReport: row {rowIndex} has the negative cluster id {cluster}.");
        if (_dimension < 0) _dimension = vector.Length;
        if (vector.Length != _dimension) throw new InvalidDataException($"ClusterReport: row {rowIndex} has a {vector.Length}-d vector; earlier chunks have {_dimension}.");
        while (_sizes.Count <= cluster)
        {
            _sizes.Add(0);
            _termSums.Add(new Dictionary<string, double>(StringComparer.Ordinal));
            _vectorSums.Add(new double[_dimension]);
            _candidates.Add([]);
        }
        _chunks++;
        int seen = ++_sizes[cluster];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        WordTokenizer.ForEachWord(words, w =>
        {
            var word = w.ToString();
            counts[word] = counts.GetValueOrDefault(word) + 1;
        });
        foreach (var (word, count) in counts)
        {
            _termSums[cluster][word] = _termSums[cluster].GetValueOrDefault(word) + 1 + Math.Log(count);
            _documentFrequency[word] = _documentFrequency.GetValueOrDefault(word) + 1;
        }
        var sum = _vectorSums[cluster];
        for (int j = 0; j < vector.Length; j++) sum[j] += vector[j];
        Reservoir(_candidates[cluster], (chunk, vector), seen, _options.ExampleCandidates);
        Reservoir(_silhouetteSample, (vector, cluster), _chunks, _options.SilhouetteSample);
    }

    /// <summary>Algorithm R: after <paramref name="seen"/> items the list is a uniform sample of at most <paramref name="capacity"/>.</summary>
    void Reservoir<T>(List<T> sample, T item, int seen, int capacity)
    {
        if (sample.Count < capacity) { sample.Add(item); return; }
        int slot = _random.Next(seen);
        if (slot < capacity) sample[slot] = item;
    }

    public ClusterReport Build()
    {
        var summaries = new List<ClusterSummary>();
        for (int c = 0; c < K; c++)
            summaries.Add(new ClusterSummary(c, $"<cluster_{c}>", _sizes[c], _chunks == 0 ? 0 : (double)_sizes[c] / _chunks, TopTerms(c), Examples(c)));
        double? silhouette = null;
        int sampled = _silhouetteSample.Count;
        if (_silhouetteSample.Select(s => s.Cluster).Distinct().Count() >= 2 && _dimension > 0)
        {
            var points = new float[sampled * _dimension];
            for (int i = 0; i < sampled; i++) _silhouetteSample[i].Vector.CopyTo(points, i * _dimension);
            silhouette = ClusteringMetrics.Silhouette(points, sampled, _dimension, _silhouetteSample.Select(s => s.Cluster).ToArray());
        }
        return new ClusterReport
        {
            Stories = _stories, Chunks = _chunks, K = K, Clusters = summaries,
            Silhouette = silhouette, SilhouetteSampleSize = silhouette is null ? 0 : sampled, Roles = _roles is null ? null : Agreement(),
        };
    }

    RoleAgreement Agreement()
    {
        if (_labelledClusters.Count == 0) return new RoleAgreement(double.NaN, 0, _skippedStories, [], []);
        var names = _labelledRoles.Distinct().Order(StringComparer.Ordinal).ToList();
        var roleIds = _labelledRoles.Select(r => names.IndexOf(r)).ToList();
        var counts = Enumerable.Range(0, K).Select(_ => new int[names.Count]).ToArray();
        for (int i = 0; i < _labelledClusters.Count; i++) counts[_labelledClusters[i]][roleIds[i]]++;
        return new RoleAgreement(ClusteringMetrics.NormalizedMutualInformation(_labelledClusters, roleIds), _labelledClusters.Count, _skippedStories, names, counts);
    }

    /// <summary>
    /// Words ranked by how much more weight they carry in this cluster than elsewhere: mean TF-IDF (sublinear tf,
    /// smoothed idf, no length normalisation) over the cluster's chunks minus the same over all other chunks.
    /// </summary>
    List<ClusterTerm> TopTerms(int cluster)
    {
        int elsewhere = _chunks - _sizes[cluster];
        var terms = new List<ClusterTerm>();
        foreach (var (word, inside) in _termSums[cluster])
        {
            double idf = Math.Log((1.0 + _chunks) / (1.0 + _documentFrequency[word])) + 1;
            double total = 0;
            for (int c = 0; c < K; c++) total += _termSums[c].GetValueOrDefault(word);
            double here = inside * idf / _sizes[cluster], there = elsewhere == 0 ? 0 : (total - inside) * idf / elsewhere;
            terms.Add(new ClusterTerm(word, Math.Round(here, 4), Math.Round(there, 4)));
        }
        return terms.OrderByDescending(t => t.MeanTfidf - t.MeanTfidfElsewhere).ThenBy(t => t.Term, StringComparer.Ordinal)
            .Take(_options.TopTerms).ToList();
    }

    /// <summary>The sampled chunks nearest the cluster's mean vector.</summary>
    List<string> Examples(int cluster)
    {
        if (_sizes[cluster] == 0) return [];
        var mean = _vectorSums[cluster].Select(v => (float)(v / _sizes[cluster])).ToArray();
        return _candidates[cluster]
            .Select((candidate, i) => (candidate.Chunk, Distance: TensorPrimitives.Distance(candidate.Vector, mean), i))
            .OrderBy(x => x.Distance).ThenBy(x => x.i)
            .Select(x => x.Chunk).Distinct().Take(_options.Examples).ToList();
    }
}
