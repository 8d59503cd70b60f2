namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>A percentile bootstrap interval for the mean per-prompt difference, candidate − baseline.</summary>
public sealed record BootstrapIntervalResult(double Low, double High, double ConfidenceLevel, int Resamples, int Seed);

/// <summary>
/// Percentile bootstrap that resamples prompts, the unit of replication: the n per-prompt differences are drawn with
/// replacement <c>resamples</c> times and the (α/2, 1 − α/2) quantiles of the resampled means form the interval.
/// Resampling completions instead would treat the completions of one prompt as independent and make the interval
/// too narrow. It needs no normality assumption, which matters for 1–10 grades that pile up at 7–9. Seeded, so a
/// report is reproducible.
/// </summary>
public static class BootstrapInterval
{
    public const int DefaultResamples = 10_000;

    /// <param name="differences">One difference per prompt.</param>
    public static BootstrapIntervalResult MeanOverPrompts(IReadOnlyList<double> differences, int seed, int resamples = DefaultResamples, double confidenceLevel = 0.95)
    {
        ArgumentNullException.ThrowIfNull(differences);
        if (differences.Count == 0) throw new ArgumentException("A bootstrap interval needs at least one prompt.", nameof(differences));
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 100);
        if (confidenceLevel is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must lie in (0, 1).");

        var random = new Random(seed);
        var means = new double[resamples];
        for (var r = 0; r < resamples; r++) means[r] = ResampledMean(differences, random);
        Array.Sort(means);
        var alpha = 1 - confidenceLevel;
        return new BootstrapIntervalResult(Quantile(means, alpha / 2), Quantile(means, 1 - alpha / 2), confidenceLevel, resamples, seed);
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
