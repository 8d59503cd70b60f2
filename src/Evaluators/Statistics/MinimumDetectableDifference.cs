using MathNet.Numerics.Distributions;
using MathNet.Numerics.Integration;
using MathNet.Numerics.RootFinding;

namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>
/// How large a true mean per-prompt difference the run could detect: the smallest δ that the one-tailed paired t-test
/// at level α rejects with the given power, from the noncentral t distribution (exact, not the normal approximation):
/// power(λ) = P(T′ &gt; t₁₋α,ₙ₋₁) with T′ noncentral t of n − 1 degrees of freedom and noncentrality λ = δ√n / σ_d,
/// solved for λ and scaled back, δ = λ σ_d / √n, σ_d taken as the observed standard deviation of the differences.
/// </summary>
public static class MinimumDetectableDifference
{
    public const double DefaultPower = 0.8;

    // Gauss–Legendre nodes over the χ² quantile (see Power): the integrand is smooth and bounded there, and 256 nodes
    // agree with scipy.stats.nct.sf to ~1e-7 from 1 to several hundred degrees of freedom.
    const int Nodes = 256;

    /// <param name="standardDeviation">Standard deviation of the per-prompt differences.</param>
    /// <param name="prompts">n, the number of paired prompts (at least 2).</param>
    public static double Of(double standardDeviation, int prompts, double alpha = ModelComparison.Alpha, double power = DefaultPower)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prompts, 2);
        if (!(standardDeviation >= 0) || !double.IsFinite(standardDeviation))
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be finite and ≥ 0.");
        return Noncentrality(prompts - 1, alpha, power) * standardDeviation / Math.Sqrt(prompts);
    }

    /// <summary>The noncentrality λ at which the one-tailed t-test with <paramref name="df"/> degrees of freedom has the given power.</summary>
    public static double Noncentrality(double df, double alpha = ModelComparison.Alpha, double power = DefaultPower)
    {
        if (alpha is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must lie in (0, 1).");
        if (power <= alpha || power >= 1) throw new ArgumentOutOfRangeException(nameof(power), power, $"The power must lie in (α, 1) = ({alpha}, 1).");
        var critical = StudentT.InvCDF(0, 1, df, 1 - alpha);
        var scaled = ScaledChiQuantiles(df);
        // Power rises monotonically from α at λ = 0; at λ = critical + 40 it is 1 to double precision.
        return Brent.FindRoot(l => Power(scaled, critical, l) - power, 0, critical + 40, 1e-12);
    }

    /// <summary>P(T′ &gt; <paramref name="critical"/>) for noncentral t with <paramref name="df"/> degrees of freedom and noncentrality <paramref name="noncentrality"/>.</summary>
    public static double Power(double df, double critical, double noncentrality) => Power(ScaledChiQuantiles(df), critical, noncentrality);

    // T′ = (Z + λ) / √(V/ν) with Z standard normal and V ~ χ²_ν, so P(T′ > c) = E_V[Φ(λ − c √(V/ν))]
    //    = ∫₀¹ Φ(λ − c √(Q(u)/ν)) du with Q the χ²_ν quantile function; nodes holds √(Q(uᵢ)/ν) at the Gauss–Legendre uᵢ.
    static double Power((double[] Nodes, double[] Weights) scaled, double critical, double noncentrality)
    {
        double sum = 0;
        for (var i = 0; i < scaled.Nodes.Length; i++) sum += scaled.Weights[i] * Normal.CDF(0, 1, noncentrality - critical * scaled.Nodes[i]);
        return sum;
    }

    static (double[] Nodes, double[] Weights) ScaledChiQuantiles(double df)
    {
        if (!(df > 0)) throw new ArgumentOutOfRangeException(nameof(df), df, "Degrees of freedom must be > 0.");
        var rule = new GaussLegendreRule(0, 1, Nodes);
        var nodes = rule.Abscissas.Select(u => Math.Sqrt(ChiSquared.InvCDF(df, u) / df)).ToArray();
        return (nodes, rule.Weights);
    }
}
