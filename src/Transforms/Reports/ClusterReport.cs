using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext.Transforms.Reports;

/// <summary>A word that characterises a cluster: its mean TF-IDF in the cluster and in the rest of the corpus.</summary>
public sealed record ClusterTerm(string Term, double MeanTfidf, double MeanTfidfElsewhere);

/// <summary>One cluster: its id and token, size, most distinctive words and example chunks (nearest its mean).</summary>
public sealed record ClusterSummary(int Id, string Token, int Size, double Share, IReadOnlyList<ClusterTerm> TopTerms, IReadOnlyList<string> Examples);

/// <summary>How the clusters line up with known narrative roles (synthetic corpora only).</summary>
public sealed record RoleAgreement(double Nmi, int LabelledChunks, int SkippedStories, IReadOnlyList<string> Roles, int[][] Counts);

/// <summary>
/// The cluster report written next to an annotated corpus: per cluster its size, top terms and examples, the
/// silhouette of the chunk embeddings (on a seeded sample) and, when a roles sidecar exists, the NMI between
/// clusters and roles. Built in one streaming pass over the annotated data; memory is bounded by the samples.
/// </summary>
public sealed class ClusterReport
{
    public int Stories { get; init; }
    public int Chunks { get; init; }
    public int K { get; init; }
    public IReadOnlyList<ClusterSummary> Clusters { get; init; } = [];

    /// <summary>Mean silhouette in [−1, 1] (Euclidean, on <see cref="SilhouetteSampleSize"/> chunks); null with fewer than 2 clusters.</summary>
    public double? Silhouette { get; init; }
    public int SilhouetteSampleSize { get; init; }

    public RoleAgreement? Roles { get; init; }

    /// <summary>
    /// Reads <paramref name="annotated"/> (the output of the annotation pipeline) once. <paramref name="roles"/>, when
    /// given, holds the labelled sentences of story i at index i (row index of the data).
    /// </summary>
    public static ClusterReport Build(IDataView annotated, IReadOnlyList<StoryRoleLabels?>? roles = null, ClusterReportOptions? options = null)
    {
        options ??= new ClusterReportOptions();
        var schema = annotated.Schema;
        schema.RequireColumn(options.SegmentsColumn, ColumnType.TextVector, "ClusterReport");
        schema.RequireColumn(options.EmbeddingsColumn, ColumnType.EmbeddingVector, "ClusterReport");
        schema.RequireColumn(options.ClusterIdsColumn, ColumnType.Int32Vector, "ClusterReport");
        if (roles is not null) schema.RequireColumn(options.TextColumn, ColumnType.Text, "ClusterReport");
        string termsColumn = schema.TryGetColumn(options.MaskedSegmentsColumn, out var masked) && masked.Type == ColumnType.TextVector
            ? options.MaskedSegmentsColumn : options.SegmentsColumn;

        var state = new Accumulator(options);
        var chunkRoles = new List<string>();
        var chunkClusters = new List<int>();
        int skippedStories = 0, stories = 0;
        foreach (var row in annotated.GetRows())
        {
            stories++;
            var chunks = row.Get<string[]>(options.SegmentsColumn);
            var words = row.Get<string[]>(termsColumn);
            var vectors = row.Get<float[][]>(options.EmbeddingsColumn);
            var clusters = row.Get<int[]>(options.ClusterIdsColumn);
            for (int c = 0; c < chunks.Length; c++) state.Add(chunks[c], words[c], vectors[c], clusters[c]);
            if (roles is null) continue;
            var labels = row.Index < roles.Count ? roles[(int)row.Index] : null;
            var assigned = labels is null ? null : ChunkRoles.Assign(row.Get<string>(options.TextColumn), chunks, labels);
            if (assigned is null) { skippedStories++; continue; }
            chunkRoles.AddRange(assigned);
            chunkClusters.AddRange(clusters);
        }
        return state.Finish(stories, roles is null ? null : Agreement(chunkClusters, chunkRoles, skippedStories, state.K));
    }

    static RoleAgreement? Agreement(List<int> clusters, List<string> roles, int skipped, int k)
    {
        if (clusters.Count == 0) return new RoleAgreement(double.NaN, 0, skipped, [], []);
        var names = roles.Distinct().Order(StringComparer.Ordinal).ToList();
        var roleIds = roles.Select(r => names.IndexOf(r)).ToList();
        var counts = Enumerable.Range(0, k).Select(_ => new int[names.Count]).ToArray();
        for (int i = 0; i < clusters.Count; i++) counts[clusters[i]][roleIds[i]]++;
        return new RoleAgreement(ClusteringMetrics.NormalizedMutualInformation(clusters, roleIds), clusters.Count, skipped, names, counts);
    }

    /// <summary>Writes <c>&lt;prefix&gt;.clusters.md</c> and <c>&lt;prefix&gt;.clusters.json</c>, each atomically.</summary>
    public void Write(string outputPathPrefix)
    {
        AtomicFile.WriteAllText(outputPathPrefix + ".clusters.json", ToJson());
        AtomicFile.WriteAllText(outputPathPrefix + ".clusters.md", ClusterReportMarkdown.Render(this));
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public string ToMarkdown() => ClusterReportMarkdown.Render(this);

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The streaming state: per-cluster counts, term statistics, running means and seeded samples.</summary>
    sealed class Accumulator(ClusterReportOptions options)
    {
        readonly Random _random = new(options.Seed);
        readonly List<int> _sizes = [];
        readonly List<Dictionary<string, double>> _termSums = [];   // per cluster: term → Σ (1 + ln tf) over its chunks
        readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
        readonly List<double[]> _vectorSums = [];
        readonly List<List<(string Chunk, float[] Vector)>> _candidates = [];
        readonly List<(float[] Vector, int Cluster)> _silhouetteSample = [];
        int _chunks, _dimension = -1;

        public int K => _sizes.Count;

        public void Add(string chunk, string words, float[] vector, int cluster)
        {
            if (cluster < 0) throw new InvalidDataException($"ClusterReport: cluster id {cluster} is negative.");
            while (_sizes.Count <= cluster)
            {
                _sizes.Add(0);
                _termSums.Add(new Dictionary<string, double>(StringComparer.Ordinal));
                _vectorSums.Add(new double[Math.Max(0, vector.Length)]);
                _candidates.Add([]);
            }
            if (_dimension < 0) _dimension = vector.Length;
            if (vector.Length != _dimension) throw new InvalidDataException($"ClusterReport: chunk {_chunks} has a {vector.Length}-d vector; earlier chunks have {_dimension}.");
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
            Reservoir(_candidates[cluster], (chunk, vector), seen, options.ExampleCandidates);
            Reservoir(_silhouetteSample, (vector, cluster), _chunks, options.SilhouetteSample);
        }

        /// <summary>Algorithm R: after <paramref name="seen"/> items the list is a uniform sample of at most <paramref name="capacity"/>.</summary>
        void Reservoir<T>(List<T> sample, T item, int seen, int capacity)
        {
            if (sample.Count < capacity) { sample.Add(item); return; }
            int slot = _random.Next(seen);
            if (slot < capacity) sample[slot] = item;
        }

        public ClusterReport Finish(int stories, RoleAgreement? roles)
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
                Stories = stories, Chunks = _chunks, K = K, Clusters = summaries,
                Silhouette = silhouette, SilhouetteSampleSize = silhouette is null ? 0 : sampled, Roles = roles,
            };
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
                .Take(options.TopTerms).ToList();
        }

        /// <summary>The sampled chunks nearest the cluster's mean vector.</summary>
        List<string> Examples(int cluster)
        {
            if (_sizes[cluster] == 0) return [];
            var mean = _vectorSums[cluster].Select(v => (float)(v / _sizes[cluster])).ToArray();
            return _candidates[cluster]
                .Select((candidate, i) => (candidate.Chunk, Distance: TensorPrimitives.Distance(candidate.Vector, mean), i))
                .OrderBy(x => x.Distance).ThenBy(x => x.i)
                .Select(x => x.Chunk).Distinct().Take(options.Examples).ToList();
        }
    }
}
