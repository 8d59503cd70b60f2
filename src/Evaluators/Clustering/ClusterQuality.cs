namespace Microsoft.ML.SemanticContext.Evaluators.Clustering;

/// <summary>
/// Quality measures of a clustering for the report: the silhouette (how well chunks sit in their own cluster
/// versus the nearest other one, in embedding space) and the normalized mutual information against reference
/// labels (e.g. the synthetic corpus's narrative roles) and the mutual information it rests on, as scikit-learn defines them.
/// </summary>
public static class ClusterQuality
{
    /// <summary>
    /// Mean silhouette with Euclidean distance, as <c>sklearn.metrics.silhouette_score</c>: s = (b − a) / max(a, b)
    /// with a the mean distance to the other members of the own cluster and b the smallest mean distance to another
    /// cluster; a point alone in its cluster scores 0. O(n² · d), so callers pass a sample of a few thousand points.
    /// </summary>
    /// <param name="vectors">n vectors of one length d.</param>
    /// <param name="labels">n cluster ids.</param>
    /// <returns>A value in [−1, 1]; null when fewer than two clusters are present (the silhouette is undefined).</returns>
    public static double? Silhouette(IReadOnlyList<float[]> vectors, IReadOnlyList<int> labels)
    {
        if (vectors.Count != labels.Count)
            throw new ArgumentException($"Silhouette needs one label per vector; got {vectors.Count} vectors and {labels.Count} labels.");
        var n = vectors.Count;
        var clusters = labels.Distinct().OrderBy(c => c).ToArray();
        if (clusters.Length < 2 || clusters.Length >= n) return null;
        var index = clusters.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var size = new int[clusters.Length];
        foreach (var l in labels) size[index[l]]++;
        var d = vectors[0].Length;
        for (var i = 0; i < n; i++)
            if (vectors[i].Length != d) throw new ArgumentException($"Silhouette needs vectors of one length; vector {i} has {vectors[i].Length}, vector 0 has {d}.");

        // sums[i, c] = total distance from point i to the members of cluster c; each pair is measured once.
        var sums = new double[n, clusters.Length];
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                var dist = Distance(vectors[i], vectors[j]);
                sums[i, index[labels[j]]] += dist;
                sums[j, index[labels[i]]] += dist;
            }
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var own = index[labels[i]];
            if (size[own] == 1) continue; // s = 0
            var a = sums[i, own] / (size[own] - 1);
            var b = double.PositiveInfinity;
            for (var c = 0; c < clusters.Length; c++)
                if (c != own) b = Math.Min(b, sums[i, c] / size[c]);
            var m = Math.Max(a, b);
            total += m == 0 ? 0 : (b - a) / m;
        }
        return total / n;
    }

    /// <summary>
    /// Normalized mutual information with arithmetic-mean normalization, as <c>sklearn.metrics.normalized_mutual_info_score</c>:
    /// NMI = I(U; V) / ((H(U) + H(V)) / 2). 1 means the clusters reproduce the reference labels exactly, 0 means independence.
    /// </summary>
    public static double NormalizedMutualInformation<TLabel>(IReadOnlyList<int> clusters, IReadOnlyList<TLabel> reference) where TLabel : notnull
    {
        var mi = MutualInformation(clusters, reference);
        // One cluster and one label: perfectly matching trivial labelings, as scikit-learn scores them.
        var (hu, hv) = (Entropy(clusters), Entropy(reference));
        if (hu == 0 && hv == 0) return 1.0;
        var mean = (hu + hv) / 2;
        return mean == 0 ? 0 : Math.Max(0, mi) / mean;
    }

    /// <summary>I(U; V) in nats, as <c>sklearn.metrics.mutual_info_score</c>: Σ p(u, v) log(p(u, v) / (p(u) p(v))).</summary>
    public static double MutualInformation<TLabel>(IReadOnlyList<int> clusters, IReadOnlyList<TLabel> reference) where TLabel : notnull
    {
        if (clusters.Count != reference.Count)
            throw new ArgumentException($"Mutual information needs one reference label per cluster id; got {clusters.Count} ids and {reference.Count} labels.");
        var n = (double)clusters.Count;
        if (n == 0) throw new ArgumentException("Mutual information needs at least one labelled point.");
        var joint = new Dictionary<(int, TLabel), int>();
        var u = Counts(clusters);
        var v = Counts(reference);
        for (var i = 0; i < clusters.Count; i++) joint[(clusters[i], reference[i])] = joint.GetValueOrDefault((clusters[i], reference[i])) + 1;
        return Math.Max(0, joint.Sum(kv => kv.Value / n * Math.Log(n * kv.Value / ((double)u[kv.Key.Item1] * v[kv.Key.Item2]))));
    }

    /// <summary>H(V) in nats of the labels' empirical distribution.</summary>
    public static double Entropy<TLabel>(IReadOnlyList<TLabel> labels) where TLabel : notnull
    {
        var n = (double)labels.Count;
        return -Counts(labels).Values.Sum(c => c / n * Math.Log(c / n));
    }

    static Dictionary<TLabel, int> Counts<TLabel>(IReadOnlyList<TLabel> labels) where TLabel : notnull
    {
        var counts = new Dictionary<TLabel, int>();
        foreach (var l in labels) counts[l] = counts.GetValueOrDefault(l) + 1;
        return counts;
    }

    static double Distance(float[] a, float[] b)
    {
        double s = 0;
        for (var k = 0; k < a.Length; k++)
        {
            double diff = a[k] - b[k];
            s += diff * diff;
        }
        return Math.Sqrt(s);
    }
}
