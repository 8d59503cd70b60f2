using System.Numerics.Tensors;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Transforms.Reports;

/// <summary>Cluster-quality measures used by the report: silhouette and normalised mutual information.</summary>
public static class ClusteringMetrics
{
    /// <summary>
    /// Mean silhouette (Rousseeuw 1987) of points [n, d] with Euclidean distances: for each point
    /// s = (b − a) / max(a, b), a = mean distance to the rest of its cluster, b = lowest mean distance to another
    /// cluster; points alone in their cluster score 0 (as scikit-learn). Needs at least 2 clusters; O(n²·d) via SGEMM.
    /// </summary>
    public static double Silhouette(float[] points, int n, int d, int[] labels)
    {
        int k = labels.Max() + 1;
        var sizes = new int[k];
        foreach (int label in labels) sizes[label]++;
        if (sizes.Count(s => s > 0) < 2)
            throw new ArgumentException($"The silhouette needs at least 2 non-empty clusters; the labels have {sizes.Count(s => s > 0)}.");
        var gram = new float[(long)n * n]; // x_i · x_j
        Gemm.Sgemm(Transpose.No, Transpose.Yes, n, n, d, 1f, points, d, points, d, 0f, gram, n);
        var norms = new float[n];
        for (int i = 0; i < n; i++) norms[i] = gram[(long)i * n + i];
        var scores = new double[n];
        Parallel.For(0, n, i =>
        {
            var meanDistance = new double[k];
            for (int j = 0; j < n; j++)
            {
                if (j == i) continue;
                meanDistance[labels[j]] += Math.Sqrt(Math.Max(0, norms[i] + norms[j] - 2.0 * gram[(long)i * n + j]));
            }
            int own = labels[i];
            if (sizes[own] == 1) return;
            double a = meanDistance[own] / (sizes[own] - 1), b = double.PositiveInfinity;
            for (int c = 0; c < k; c++)
                if (c != own && sizes[c] > 0) b = Math.Min(b, meanDistance[c] / sizes[c]);
            scores[i] = Math.Max(a, b) > 0 ? (b - a) / Math.Max(a, b) : 0;
        });
        return scores.Average();
    }

    /// <summary>
    /// Normalised mutual information between two labelings of the same items, NMI = I(U; V) / mean(H(U), H(V))
    /// (arithmetic normalisation, scikit-learn's default); 1 when both labelings are constant.
    /// </summary>
    public static double NormalizedMutualInformation(IReadOnlyList<int> u, IReadOnlyList<int> v)
    {
        if (u.Count != v.Count) throw new ArgumentException($"NMI needs labelings of equal length, not {u.Count} and {v.Count}.");
        if (u.Count == 0) throw new ArgumentException("NMI needs at least one item.");
        int ku = u.Max() + 1, kv = v.Max() + 1;
        var joint = new double[ku, kv];
        var pu = new double[ku];
        var pv = new double[kv];
        for (int i = 0; i < u.Count; i++) { joint[u[i], v[i]]++; pu[u[i]]++; pv[v[i]]++; }
        double n = u.Count, mutual = 0;
        for (int a = 0; a < ku; a++)
            for (int b = 0; b < kv; b++)
                if (joint[a, b] > 0) mutual += joint[a, b] / n * Math.Log(joint[a, b] * n / (pu[a] * pv[b]));
        double hu = Entropy(pu, n), hv = Entropy(pv, n);
        if (hu == 0 && hv == 0) return 1.0;
        return Math.Max(0, mutual) / ((hu + hv) / 2);
    }

    static double Entropy(double[] counts, double n) =>
        -counts.Where(c => c > 0).Sum(c => c / n * Math.Log(c / n));

    /// <summary>Euclidean distance between two vectors.</summary>
    internal static float Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Distance(a, b);
}
