namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>
/// One candidate model against the baseline on one criterion: the one-tailed Welch test, the bootstrap interval
/// of the difference, and the Holm-adjusted p over all candidates compared on that criterion.
/// </summary>
public sealed record ModelComparison(string Candidate, string Baseline, string Criterion, WelchTTestResult Test, BootstrapIntervalResult Bootstrap, double HolmAdjustedP)
{
    public const double Alpha = 0.05;

    /// <summary>True when the Holm-adjusted p is below <see cref="Alpha"/>.</summary>
    public bool Significant => HolmAdjustedP < Alpha;
}
