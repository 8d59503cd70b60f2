using MathNet.Numerics.Distributions;

namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>Result of a one-tailed paired t-test of H₁: mean per-prompt difference (candidate − baseline) &gt; 0.</summary>
/// <param name="Prompts">n, the number of prompts both models answered: the unit of replication.</param>
/// <param name="Difference">Mean over prompts of mean(candidate) − mean(baseline) on that prompt.</param>
/// <param name="StandardDeviation">Sample standard deviation (n − 1) of the per-prompt differences.</param>
/// <param name="DegreesOfFreedom">n − 1.</param>
/// <param name="PValue">One-tailed p = P(T ≥ t) under H₀.</param>
public sealed record PairedTTestResult(int Prompts, double Difference, double StandardDeviation, double StandardError, double T, double DegreesOfFreedom, double PValue);

/// <summary>
/// The primary between-model test: completions of one prompt are not independent (they share the prompt), and every
/// model answers the same prompts with the same seeds, so each prompt gives one paired difference
/// dᵢ = mean(candidate on prompt i) − mean(baseline on prompt i), and t = d̄ / (s_d / √n) with n − 1 degrees of
/// freedom, as <c>scipy.stats.ttest_rel(candidate_means, baseline_means, alternative="greater")</c>.
/// </summary>
public static class PairedTTest
{
    public static PairedTTestResult OneTailedGreater(IReadOnlyList<double> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        if (differences.Count < 2)
            throw new ArgumentException($"A paired t-test needs at least 2 prompts that both models answered; got {differences.Count}.", nameof(differences));
        var n = differences.Count;
        var mean = differences.Average();
        var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (n - 1));
        var se = sd / Math.Sqrt(n);
        if (se == 0)
            // Every prompt moved by the same amount: the difference is certain, and the test degenerates to its sign.
            return new PairedTTestResult(n, mean, 0, 0, mean == 0 ? 0 : double.CopySign(double.PositiveInfinity, mean), n - 1, SignP(mean));
        var t = mean / se;
        return new PairedTTestResult(n, mean, sd, se, t, n - 1, UpperTail(t, n - 1));
    }

    /// <summary>
    /// P(T ≥ t) for Student's t with <paramref name="df"/> degrees of freedom, as CDF(−t) by symmetry: 1 − CDF(t)
    /// cancels to 0 once CDF(t) rounds to 1 (t ≈ 9 at df 43), and a tiny p must stay tiny, not become 0.
    /// </summary>
    public static double UpperTail(double t, double df) => StudentT.CDF(0, 1, df, -t);

    /// <summary>The p of a test whose statistic is infinite or zero (no variance): 0, 1 or ½ by the sign of the difference.</summary>
    internal static double SignP(double difference) => difference > 0 ? 0.0 : difference < 0 ? 1.0 : 0.5;
}
