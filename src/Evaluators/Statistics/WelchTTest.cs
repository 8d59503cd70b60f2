namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>Result of a one-tailed Welch test of H₁: mean(candidate) &gt; mean(baseline).</summary>
/// <param name="Difference">mean(candidate) − mean(baseline).</param>
/// <param name="DegreesOfFreedom">Welch–Satterthwaite degrees of freedom.</param>
/// <param name="PValue">One-tailed p = P(T ≥ t) under H₀.</param>
public sealed record WelchTTestResult(double Difference, double StandardError, double T, double DegreesOfFreedom, double PValue);

/// <summary>
/// The paper's between-model test, reported beside the paired one so results compare with the paper: a one-tailed
/// difference-of-means t-test over completions without assuming equal variances (Welch). It treats the completions
/// of one prompt as independent (they are not) and ignores that both models answered the same prompts, so its p can
/// be off in either direction. t = (x̄₁ − x̄₂) / √(s₁²/n₁ + s₂²/n₂), df = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)).
/// </summary>
public static class WelchTTest
{
    public static WelchTTestResult OneTailedGreater(IReadOnlyList<double> candidate, IReadOnlyList<double> baseline)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(baseline);
        if (candidate.Count < 2 || baseline.Count < 2)
            throw new ArgumentException($"A Welch t-test needs at least 2 scores per group; got {candidate.Count} (candidate) and {baseline.Count} (baseline).");
        var (m1, v1) = MeanAndVariance(candidate);
        var (m2, v2) = MeanAndVariance(baseline);
        double a = v1 / candidate.Count, b = v2 / baseline.Count;
        var se = Math.Sqrt(a + b);
        var difference = m1 - m2;
        if (se == 0)
        {
            // Both groups constant: the difference is certain, and the test degenerates to its sign.
            return new WelchTTestResult(difference, 0, difference == 0 ? 0 : double.CopySign(double.PositiveInfinity, difference), double.NaN, PairedTTest.SignP(difference));
        }
        var df = (a + b) * (a + b) / (a * a / (candidate.Count - 1) + b * b / (baseline.Count - 1));
        var t = difference / se;
        return new WelchTTestResult(difference, se, t, df, PairedTTest.UpperTail(t, df));
    }

    static (double Mean, double Variance) MeanAndVariance(IReadOnlyList<double> x)
    {
        var mean = x.Average();
        return (mean, x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1));
    }
}
