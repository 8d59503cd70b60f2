namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>
/// One candidate model against the baseline on one criterion. Primary, paired by prompt: the one-tailed paired t-test
/// on per-prompt mean differences (n = prompts), the bootstrap interval that resamples prompts, the Holm-adjusted p
/// over all candidates compared on that criterion, and the minimum difference the run could detect. Beside it, for
/// comparison with the paper only, the paper's protocol: the unpaired one-tailed Welch test over completions.
/// </summary>
/// <param name="Test">The paired test; its <see cref="PairedTTestResult.Difference"/> is the mean per-prompt difference.</param>
/// <param name="MinimumDetectableDifference">
/// The smallest true mean difference the paired test detects with 80 % power at α = 0.05 (one-tailed) with this run's
/// prompt count and observed spread of differences (noncentral t; see <see cref="Statistics.MinimumDetectableDifference"/>).
/// </param>
/// <param name="PaperProtocol">The paper's test: Welch over completions, unpaired, not corrected for multiple candidates.</param>
/// <param name="Permutation">The paired sign-flip permutation test on the same differences, beside the t-test (no normality assumed).</param>
public sealed record ModelComparison(string Candidate, string Baseline, string Criterion, PairedTTestResult Test, BootstrapIntervalResult Bootstrap,
    double HolmAdjustedP, double MinimumDetectableDifference, WelchTTestResult PaperProtocol, PermutationTestResult Permutation)
{
    public const double Alpha = 0.05;

    /// <summary>True when the Holm-adjusted p of the paired test is below <see cref="Alpha"/>.</summary>
    public bool Significant => HolmAdjustedP < Alpha;
}
