namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>
/// Holm's step-down adjustment for m tests against one baseline: sort p ascending, multiply the i-th smallest
/// (1-based) by (m − i + 1), cap at 1 and make the sequence non-decreasing. Controls the family-wise error rate
/// without Bonferroni's loss of power.
/// </summary>
public static class HolmCorrection
{
    /// <returns>Adjusted p-values in the order of <paramref name="pValues"/>.</returns>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        foreach (var p in pValues)
            if (double.IsNaN(p) || p < 0 || p > 1) throw new ArgumentException($"Holm correction needs p-values in [0, 1]; got {p}.", nameof(pValues));
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1.0, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }
}
