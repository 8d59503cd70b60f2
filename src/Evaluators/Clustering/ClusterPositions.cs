namespace Microsoft.ML.SemanticContext.Evaluators.Clustering;

/// <summary>Where a chunk sits in its story: chunk <see cref="Index"/> (0-based) of <see cref="Count"/>.</summary>
public readonly record struct ChunkPosition(int Index, int Count)
{
    /// <summary>i / (n − 1): 0 for the first chunk, 1 for the last, 0 for a story of one chunk.</summary>
    public double Relative => Count <= 1 ? 0 : (double)Index / (Count - 1);

    /// <summary>"first" when i = 0, else "last" when i = n − 1, else "middle": a one-chunk story's chunk counts as first.</summary>
    public string Class => Index == 0 ? "first" : Index == Count - 1 ? "last" : "middle";
}

/// <summary>One cluster's place in the stories.</summary>
/// <param name="MeanRelative">Mean relative position of its chunks (0 = first chunk of a story, 1 = last).</param>
/// <param name="FirstShare">Share of its chunks that open their story.</param>
/// <param name="LastShare">Share of its chunks that close their story (a one-chunk story's chunk opens and closes it).</param>
public sealed record ClusterPosition(double MeanRelative, double FirstShare, double LastShare);

/// <summary>How much the clusters say about position, over all chunks.</summary>
/// <param name="MutualInformation">I(cluster; position class) in nats, position class ∈ {first, middle, last}.</param>
/// <param name="PositionEntropy">H(position class) in nats: the most the mutual information can be.</param>
/// <param name="Spread">Largest minus smallest cluster mean relative position.</param>
public sealed record PositionInformation(double MutualInformation, double PositionEntropy, double Spread, int Chunks);

/// <summary>
/// Positional statistics of a clustering, which need no role labels: the paper's clusters came out as narrative
/// functions (introduction, twist, ending), and where a cluster's chunks sit in their stories shows that on any corpus.
/// Mutual information as <c>sklearn.metrics.mutual_info_score</c>.
/// </summary>
public static class ClusterPositions
{
    /// <param name="clusters">n cluster ids in [0, k).</param>
    /// <param name="positions">n positions, one per chunk.</param>
    /// <returns>Per cluster id its position (null for an empty cluster), and the information over all chunks (null when there are none).</returns>
    public static (IReadOnlyList<ClusterPosition?> Clusters, PositionInformation? Overall) Summarize(IReadOnlyList<int> clusters, IReadOnlyList<ChunkPosition> positions, int k)
    {
        if (clusters.Count != positions.Count)
            throw new ArgumentException($"Positional statistics need one position per cluster id; got {clusters.Count} ids and {positions.Count} positions.");
        var sum = new double[k];
        var first = new int[k];
        var last = new int[k];
        var size = new int[k];
        for (var i = 0; i < clusters.Count; i++)
        {
            var (c, p) = (clusters[i], positions[i]);
            if ((uint)c >= (uint)k) throw new ArgumentOutOfRangeException(nameof(clusters), c, $"Cluster ids must lie in [0, {k}).");
            if (p.Count < 1 || (uint)p.Index >= (uint)p.Count) throw new ArgumentOutOfRangeException(nameof(positions), p, "A chunk position needs 0 ≤ index < count.");
            size[c]++;
            sum[c] += p.Relative;
            if (p.Index == 0) first[c]++;
            if (p.Index == p.Count - 1) last[c]++;
        }
        var perCluster = Enumerable.Range(0, k)
            .Select(c => size[c] == 0 ? null : new ClusterPosition(sum[c] / size[c], (double)first[c] / size[c], (double)last[c] / size[c])).ToList();
        if (clusters.Count == 0) return (perCluster, null);
        var classes = positions.Select(p => p.Class).ToList();
        var means = perCluster.Where(p => p is not null).Select(p => p!.MeanRelative).ToList();
        return (perCluster, new PositionInformation(ClusterQuality.MutualInformation(clusters, classes), ClusterQuality.Entropy(classes),
            means.Max() - means.Min(), clusters.Count));
    }
}
