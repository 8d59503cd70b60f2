namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>Result of a one-tailed paired sign-flip permutation test of H₁: mean per-prompt difference &gt; 0.</summary>
/// <param name="Prompts">n, the number of per-prompt differences.</param>
/// <param name="Difference">The observed mean difference.</param>
/// <param name="PValue">Share of sign patterns whose mean is at least the observed one (Monte Carlo: (count + 1) / (resamples + 1)).</param>
/// <param name="Exact">True when all 2ⁿ sign patterns were enumerated; false for a seeded Monte Carlo sample of them.</param>
/// <param name="Resamples">Sign patterns evaluated: 2ⁿ when exact.</param>
public sealed record PermutationTestResult(int Prompts, double Difference, double PValue, bool Exact, long Resamples);

/// <summary>
/// The paired test without a normality assumption: under H₀ (no difference between the models) each prompt's
/// difference is as likely to have either sign, so the observed mean is compared with the means of the differences
/// under every sign pattern, as <c>scipy.stats.permutation_test((candidate, baseline), mean-of-difference,
/// permutation_type="samples", alternative="greater")</c> does. Exact (all 2ⁿ patterns) up to
/// <see cref="ExactUpTo"/> prompts; above, <see cref="MonteCarloResamples"/> patterns drawn with a seed.
/// </summary>
public static class PermutationTest
{
    public const int ExactUpTo = 20;
    public const int MonteCarloResamples = 100_000;

    /// <summary>Means within this relative distance of the observed one count as ties (≥), so rounding never splits a tie.</summary>
    const double TieTolerance = 1e-9;

    public static PermutationTestResult OneTailedGreater(IReadOnlyList<double> differences, int seed)
    {
        ArgumentNullException.ThrowIfNull(differences);
        int n = differences.Count;
        if (n == 0) throw new ArgumentException("A permutation test needs at least one prompt.", nameof(differences));
        var d = differences.ToArray();
        double observed = d.Sum(), threshold = observed - TieTolerance * d.Sum(Math.Abs);
        if (n <= ExactUpTo)
        {
            long patterns = 1L << n, atLeast = 0;
            for (long signs = 0; signs < patterns; signs++)
                if (SignedSum(d, signs) >= threshold) atLeast++;
            return new PermutationTestResult(n, observed / n, (double)atLeast / patterns, Exact: true, patterns);
        }
        var random = new Random(seed);
        long hits = 0;
        for (int r = 0; r < MonteCarloResamples; r++)
        {
            double sum = 0;
            foreach (double x in d) sum += random.Next(2) == 0 ? x : -x;
            if (sum >= threshold) hits++;
        }
        // The observed pattern counts as one of the resamples, so p is never 0 (as scipy does for a random sample).
        return new PermutationTestResult(n, observed / n, (hits + 1.0) / (MonteCarloResamples + 1.0), Exact: false, MonteCarloResamples);
    }

    /// <summary>Σᵢ ±dᵢ, the sign of dᵢ flipped where bit i of <paramref name="signs"/> is set.</summary>
    static double SignedSum(double[] d, long signs)
    {
        double sum = 0;
        for (int i = 0; i < d.Length; i++) sum += (signs >> i & 1) == 0 ? d[i] : -d[i];
        return sum;
    }
}
