using Microsoft.ML.SemanticContext.Evaluators.Clustering;

namespace Microsoft.ML.SemanticContext.Evaluators.Reporting;

/// <summary>One annotated chunk as the cluster report needs it.</summary>
/// <param name="Text">The chunk as shown (original or masked).</param>
/// <param name="MaskedText">The masked copy used for clustering; top terms come from it so names do not dominate.</param>
/// <param name="Embedding">The chunk's vector, for the silhouette and for picking central examples; null if unavailable.</param>
/// <param name="ReferenceLabel">A known label (e.g. the synthetic corpus's narrative role), for NMI; null if unknown.</param>
/// <param name="Position">Where the chunk sits in its story, for the positional statistics; null if unknown.</param>
public sealed record ClusteredChunk(string Text, string MaskedText, int ClusterId, float[]? Embedding = null, string? ReferenceLabel = null, ChunkPosition? Position = null);

/// <summary>
/// Builds the report's <see cref="ClusterReport"/> from annotated chunks: sizes, characteristic terms, examples
/// (the chunks nearest their cluster's mean vector when embeddings are given, else the first ones), the silhouette
/// on a seeded sample, NMI against reference labels when every chunk has one, and where each cluster's chunks sit in
/// their stories (mean relative position, first and last shares, mutual information with position) when every chunk
/// has a position.
/// </summary>
public static class ClusterReportBuilder
{
    public const int DefaultTopTerms = 8;
    public const int DefaultExamples = 3;

    /// <summary>Silhouette is O(n²): it runs on at most this many chunks, drawn with the seed.</summary>
    public const int DefaultSilhouetteSample = 2000;

    public static ClusterReport Build(int k, string placement, int sentencesPerChunk, IReadOnlyList<ClusteredChunk> chunks, int seed,
        int topTerms = DefaultTopTerms, int examplesPerCluster = DefaultExamples, int silhouetteSample = DefaultSilhouetteSample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var ids = chunks.Select(c => c.ClusterId).ToList();
        var terms = ClusterTerms.Top(chunks.Select(c => c.MaskedText).ToList(), ids, k, topTerms);
        var withVectors = chunks.All(c => c.Embedding is not null) && chunks.Count > 0;

        var (positions, positionInformation) = chunks.Count > 0 && chunks.All(c => c.Position is not null)
            ? ClusterPositions.Summarize(ids, chunks.Select(c => c.Position!.Value).ToList(), k)
            : (null, null);
        var clusters = Enumerable.Range(0, k).Select(c =>
        {
            var members = chunks.Where(x => x.ClusterId == c).ToList();
            return new ClusterSummary(c, members.Count, terms[c], Examples(members, examplesPerCluster, withVectors), positions?[c]);
        }).ToList();

        double? silhouette = null;
        if (withVectors)
        {
            var sample = chunks.Count <= silhouetteSample
                ? chunks
                : chunks.Select((c, i) => (c, i)).OrderBy(p => Hash(seed, p.i)).Take(silhouetteSample).Select(p => p.c).ToList();
            silhouette = ClusterQuality.Silhouette(sample.Select(c => c.Embedding!).ToList(), sample.Select(c => c.ClusterId).ToList());
        }
        double? nmi = chunks.Count > 0 && chunks.All(c => c.ReferenceLabel is not null)
            ? ClusterQuality.NormalizedMutualInformation(ids, chunks.Select(c => c.ReferenceLabel!).ToList())
            : null;
        return new ClusterReport(k, placement, sentencesPerChunk, silhouette, nmi, clusters, positionInformation);
    }

    static IReadOnlyList<string> Examples(List<ClusteredChunk> members, int count, bool withVectors)
    {
        if (!withVectors || members.Count <= count) return members.Take(count).Select(m => m.Text).ToList();
        var d = members[0].Embedding!.Length;
        var mean = new double[d];
        foreach (var m in members)
            for (var j = 0; j < d; j++) mean[j] += m.Embedding![j] / members.Count;
        double Dist(float[] v) { double s = 0; for (var j = 0; j < d; j++) s += (v[j] - mean[j]) * (v[j] - mean[j]); return s; }
        // Most central first; distinct texts only, so a cluster of "The end." chunks shows it once.
        return members.OrderBy(m => Dist(m.Embedding!)).Select(m => m.Text).Distinct(StringComparer.Ordinal).Take(count).ToList();
    }

    // A seeded, order-independent shuffle key (splitmix64), so the sample does not depend on Random's implementation.
    static ulong Hash(int seed, int i)
    {
        var z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)i + 1;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
