using Microsoft.ML.SemanticContext.Evaluators;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Statistics;

/// <summary>Expected numbers come from scipy 1.10.1 via Fixtures/statistics_reference.py (same data as here).</summary>
public class StatisticsTests
{
    static readonly double[] Candidate = [8, 7, 9, 8, 7, 8, 9, 6, 8, 7, 9, 8];
    static readonly double[] Baseline = [7, 6, 8, 7, 7, 6, 8, 5, 7, 7];

    [Fact]
    public void SummaryMatchesScipyMeanSemAndTInterval()
    {
        var s = ScoreSummary.Of(Candidate);
        Assert.Equal(12, s.Count);
        Assert.Equal(7.833333333333333, s.Mean, 12);
        Assert.Equal(0.27061471362866296, s.StandardError, 12);   // scipy.stats.sem
        Assert.Equal(7.237714364536549, s.CiLow, 9);               // scipy.stats.t.interval(0.95, 11, ...)
        Assert.Equal(8.428952302130117, s.CiHigh, 9);
        Assert.Equal("7.83 ± 0.271", s.ToString());
    }

    [Fact]
    public void WelchOneTailedMatchesScipyTtestIndGreater()
    {
        var r = WelchTTest.OneTailedGreater(Candidate, Baseline);
        Assert.Equal(2.602295345156057, r.T, 10);                  // ttest_ind(equal_var=False, alternative="greater")
        Assert.Equal(0.00864924029098698, r.PValue, 10);
        Assert.Equal(19.42551419936142, r.DegreesOfFreedom, 9);   // Welch–Satterthwaite
        Assert.Equal(7.833333333333333 - 6.8, r.Difference, 12);
    }

    [Fact]
    public void WelchIsOneTailedSoTheReverseDirectionGivesTheComplement()
    {
        var forward = WelchTTest.OneTailedGreater(Candidate, Baseline);
        var reverse = WelchTTest.OneTailedGreater(Baseline, Candidate);
        Assert.Equal(1 - forward.PValue, reverse.PValue, 10);
    }

    [Fact]
    public void HolmMatchesTheHandComputedStepDown() =>
        // Hand computation (also in the fixture script): sorted 0.01·4 = 0.04, 0.03·3 = 0.09, 0.04·2 = 0.08 → 0.09 (monotone), 0.20·1.
        Assert.Equal([0.04, 0.09, 0.09, 0.2], HolmCorrection.Adjust([0.01, 0.04, 0.03, 0.20]).Select(p => Math.Round(p, 12)));

    [Fact]
    public void BootstrapAgreesWithNumpyWithinMonteCarloErrorAndIsSeeded()
    {
        var a = BootstrapInterval.DifferenceOfMeans(Candidate, Baseline, seed: 42);
        var b = BootstrapInterval.DifferenceOfMeans(Candidate, Baseline, seed: 42);
        Assert.Equal(a, b);
        // numpy, 200,000 resamples: (0.3000, 1.7833). 10,000 resamples put each endpoint within ~0.03 of it.
        Assert.InRange(a.Low, 0.30 - 0.06, 0.30 + 0.06);
        Assert.InRange(a.High, 1.7833 - 0.06, 1.7833 + 0.06);
        Assert.NotEqual(a, BootstrapInterval.DifferenceOfMeans(Candidate, Baseline, seed: 43));
    }

    [Fact]
    public void CompareWithBaselineTestsEveryCandidateAndAdjustsWithinTheCriterion()
    {
        var scores = new Dictionary<string, IReadOnlyList<double>>
        {
            ["vanilla"] = Baseline,
            ["k5"] = Candidate,
            ["k7"] = Baseline.Select(v => v + 0.1).ToArray(),
        };
        var comparisons = ScoreStatistics.CompareWithBaseline("vanilla", scores, "overall", seed: 1);

        Assert.Equal(["k5", "k7"], comparisons.Select(c => c.Candidate));
        var k5 = comparisons[0];
        Assert.Equal(0.00864924029098698, k5.Test.PValue, 10);
        // Holm with m = 2: the smaller p doubles; the larger is max(itself·1, that).
        Assert.Equal(2 * 0.00864924029098698, k5.HolmAdjustedP, 10);
        Assert.True(k5.Significant);
        Assert.False(comparisons[1].Significant);
    }

    [Fact]
    public void SummarizeExcludesUnparseableRepliesAndCountsThem()
    {
        JudgeResult Result(JudgeGrades? g) => new(new StorySample("x", "p", "c"), g is null ? JudgeOutcome.Unparseable : JudgeOutcome.Graded,
            g, "a", "r", "m", "v", false);
        var summary = ScoreStatistics.Summarize("k5", [Result(new(8, 6, 7)), Result(new(6, 8, 9, 4)), Result(null)]);

        Assert.Equal(2, summary.Graded);
        Assert.Equal(1, summary.Unparseable);
        Assert.Equal(7, summary.Criteria["grammar"].Mean, 12);
        Assert.Equal(1, summary.Criteria["plot"].Count);
        Assert.Equal((7.0 + 23.0 / 3.0) / 2, summary.Criteria["overall"].Mean, 12);
    }
}
