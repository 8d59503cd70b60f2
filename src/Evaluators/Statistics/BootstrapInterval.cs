namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>A percentile bootstrap interval for mean(candidate) − mean(baseline).</summary>
public sealed record BootstrapIntervalResult(double Low, double High, double ConfidenceLevel, int Resamples, int Seed);

/// <summary>
/// Percentile bootstrap of a difference of means: both groups are resampled with replacement independently
/// <c>resamples</c> times and the (α/2, 1 − α/2) quantiles of the resampled differences form the interval.
/// It needs no normality assumption, which matters for 1–10 grades that pile up at 7–9. Seeded, so a report
/// is reproducible.
/// </summary>
public static class BootstrapInterval
{
    public const int DefaultResamples = 10_000;

    public static BootstrapIntervalResult DifferenceOfMeans(IReadOnlyList<double> candidate, IReadOnlyList<double> baseline,
        int seed, int resamples = DefaultResamples, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        if (candidate.Count == 0 || baseline.Count == 0)
            throw new ArgumentException($"A bootstrap interval needs scores in both groups; got {candidate.Count} (candidate) and {baseline.Count} (baseline).");
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 100);
        if (confidenceLevel is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must lie in (0, 1).");

        var random = new Random(seed);
        var differences = new double[resamples];
        for (var r = 0; r < resamples; r++)
            differences[r] = ResampledMean(candidate, random) - ResampledMean(baseline, random);
        Array.Sort(differences);
        var alpha = 1 - confidenceLevel;
        return new BootstrapIntervalResult(Quantile(differences, alpha / 2), Quantile(differences, 1 - alpha / 2), confidenceLevel, resamples, seed);
    }

    static double ResampledMean(IReadOnlyList<double> x, Random random)
    {
        double sum = 0;
        for (var i = 0; i < x.Count; i++) sum += x[random.Next(x.Count)];
        return sum / x.Count;
    }

    // Linear interpolation between order statistics (numpy's default "linear" method).
    static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
