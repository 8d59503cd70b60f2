namespace MixedPipeline;

/// <summary>How far two clusterings of the same items agree, whatever their cluster numbering.</summary>
public static class Agreement
{
    /// <summary>
    /// The adjusted Rand index (Hubert and Arabie, 1985): the share of item pairs both clusterings put together or
    /// apart, corrected for chance. 1 for the same partition, about 0 for unrelated ones.
    /// </summary>
    public static double AdjustedRandIndex(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"The clusterings label {a.Count} and {b.Count} items; they must label the same items.");
        double together = a.Zip(b).GroupBy(pair => pair).Sum(g => Pairs(g.Count()));
        double inA = a.GroupBy(x => x).Sum(g => Pairs(g.Count()));
        double inB = b.GroupBy(x => x).Sum(g => Pairs(g.Count()));
        double expected = inA * inB / Pairs(a.Count);
        double best = (inA + inB) / 2;
        // Both trivial (one cluster each, or all singletons): the partitions agree exactly, as scikit-learn scores it.
        return best == expected ? 1 : (together - expected) / (best - expected);
    }

    static double Pairs(int n) => n * (n - 1) / 2.0;
}
