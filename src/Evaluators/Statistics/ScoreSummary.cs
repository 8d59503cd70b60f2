using MathNet.Numerics.Distributions;

namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>
/// Mean ± standard error of one score over samples, with a two-sided 95% Student-t confidence interval
/// (mean ± t₀.₉₇₅,ₙ₋₁ · SE). The paper reports mean ± SE; the interval is what the charts' error bars show.
/// </summary>
public sealed record ScoreSummary(int Count, double Mean, double StandardDeviation, double StandardError, double CiLow, double CiHigh)
{
    public const double ConfidenceLevel = 0.95;

    public static ScoreSummary Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var x = values.ToArray();
        foreach (var v in x)
            if (!double.IsFinite(v)) throw new ArgumentException($"A score summary needs finite values; got {v}.", nameof(values));
        if (x.Length == 0) return new ScoreSummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var mean = x.Average();
        if (x.Length == 1) return new ScoreSummary(1, mean, double.NaN, double.NaN, double.NaN, double.NaN);
        // Sample standard deviation (n − 1 denominator), as scipy.stats.sem uses.
        var sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1));
        var se = sd / Math.Sqrt(x.Length);
        var t = StudentT.InvCDF(0, 1, x.Length - 1, 1 - (1 - ConfidenceLevel) / 2);
        return new ScoreSummary(x.Length, mean, sd, se, mean - t * se, mean + t * se);
    }

    /// <summary>"7.45 ± 0.080", the paper's format.</summary>
    public override string ToString() => Count == 0 ? "n/a" : Count == 1 ? $"{Mean:0.00}" : $"{Mean:0.00} ± {StandardError:0.000}";
}
