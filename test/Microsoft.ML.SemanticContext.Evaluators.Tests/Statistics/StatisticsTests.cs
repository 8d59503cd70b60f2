using System.Text.Json;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Statistics;

/// <summary>
/// Expected numbers come from scipy and numpy: build/fixtures/statistics/expected.json, written by
/// build/fixtures/statistics/make_expected.py, which also holds the data (8 prompts × 3 completions, 3 models).
/// </summary>
public class StatisticsTests
{
    static readonly JsonElement Expected = FixtureJson.Load("statistics/expected.json");

    static double Get(JsonElement e, string name) => e.GetProperty(name).GetDouble();

    /// <summary>The fixture's grades as prompt-tagged scores, model → scores.</summary>
    static Dictionary<string, IReadOnlyList<PromptScore>> Scores() =>
        Expected.GetProperty("scores").EnumerateObject().ToDictionary(m => m.Name, m => (IReadOnlyList<PromptScore>)m.Value.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateArray().Select(v => new PromptScore(p.Name, v.GetDouble()))).ToList());

    [Fact]
    public void SummaryMatchesScipyMeanSemAndTInterval()
    {
        var e = Expected.GetProperty("summary");
        var s = ScoreSummary.Of(e.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(12, s.Count);
        Assert.Equal(Get(e, "mean"), s.Mean, 12);
        Assert.Equal(Get(e, "sem"), s.StandardError, 12);
        Assert.Equal(Get(e, "ci_low"), s.CiLow, 9);
        Assert.Equal(Get(e, "ci_high"), s.CiHigh, 9);
        Assert.Equal("7.83 ± 0.271", s.ToString());
    }

    [Theory]
    [InlineData("k5")]
    [InlineData("k7")]
    public void PairedTestOnPromptMeansMatchesScipyTtestRelGreater(string model)
    {
        var e = Expected.GetProperty("paired").GetProperty(model);
        var scores = Scores();
        var r = PairedTTest.OneTailedGreater(PromptPairing.Differences(scores[model], scores["vanilla"]));
        Assert.Equal(e.GetProperty("prompts").GetInt32(), r.Prompts);
        Assert.Equal(Get(e, "mean_difference"), r.Difference, 12);
        Assert.Equal(Get(e, "sd"), r.StandardDeviation, 12);
        Assert.Equal(Get(e, "t"), r.T, 9);
        Assert.Equal(Get(e, "df"), r.DegreesOfFreedom);
        Assert.Equal(Get(e, "p"), r.PValue, 12);
    }

    [Theory]
    [InlineData("k5")]
    [InlineData("k7")]
    [InlineData("ties")]
    public void ExactPermutationTestMatchesScipyPermutationTestOverEverySignPattern(string data)
    {
        var e = Expected.GetProperty("permutation").GetProperty(data);
        var scores = Scores();
        var differences = e.TryGetProperty("differences", out var given)
            ? given.EnumerateArray().Select(v => v.GetDouble()).ToList()
            : PromptPairing.Differences(scores[data], scores["vanilla"]).ToList();
        var r = PermutationTest.OneTailedGreater(differences, seed: 1);
        Assert.True(r.Exact);
        Assert.Equal(1L << differences.Count, r.Resamples);
        Assert.Equal(differences.Average(), r.Difference, 12);
        Assert.Equal(Get(e, "p"), r.PValue, 12);
    }

    [Fact]
    public void AboveTwentyPromptsThePermutationTestSamplesPatternsWithinMonteCarloErrorOfScipysExactP()
    {
        var e = Expected.GetProperty("permutation").GetProperty("monte_carlo");
        var differences = e.GetProperty("differences").EnumerateArray().Select(v => v.GetDouble()).ToList();
        var r = PermutationTest.OneTailedGreater(differences, seed: 1);
        double exact = Get(e, "p"), standardError = Math.Sqrt(exact * (1 - exact) / PermutationTest.MonteCarloResamples);
        Assert.False(r.Exact);
        Assert.Equal(exact, r.PValue, 5 * standardError);
        Assert.Equal(r, PermutationTest.OneTailedGreater(differences, seed: 1));
    }

    [Theory]
    [InlineData("k5")]
    [InlineData("k7")]
    public void PaperProtocolWelchOverCompletionsMatchesScipyTtestIndUnequalVariances(string model)
    {
        var e = Expected.GetProperty("welch").GetProperty(model);
        var scores = Scores();
        var r = WelchTTest.OneTailedGreater(scores[model].Select(s => s.Value).ToList(), scores["vanilla"].Select(s => s.Value).ToList());
        Assert.Equal(Get(e, "t"), r.T, 10);
        Assert.Equal(Get(e, "p"), r.PValue, 10);
        Assert.Equal(Get(e, "df"), r.DegreesOfFreedom, 9);
        Assert.Equal(Get(e, "difference"), r.Difference, 12);
    }

    [Fact]
    public void UpperTailKeepsTinyPValuesThatOneMinusCdfCancels()
    {
        foreach (var tail in Expected.GetProperty("tails").EnumerateArray())
        {
            double expected = Get(tail, "sf"), actual = PairedTTest.UpperTail(Get(tail, "t"), Get(tail, "df"));
            // Relative agreement: at t = 25, df = 873 the p is ~1e-104, where an absolute tolerance says nothing.
            Assert.InRange(Math.Abs(actual - expected) / expected, 0, 1e-8);
        }
    }

    [Fact]
    public void CompareWithBaselinePairsByPromptAndPutsThePaperProtocolBeside()
    {
        var comparisons = ScoreStatistics.CompareWithBaseline("vanilla", Scores(), "overall", seed: 1);

        Assert.Equal(["k5", "k7"], comparisons.Select(c => c.Candidate));
        foreach (var c in comparisons)
        {
            var paired = Expected.GetProperty("paired").GetProperty(c.Candidate);
            Assert.Equal(Get(paired, "p"), c.Test.PValue, 12);
            Assert.Equal(Get(paired, "p_holm"), c.HolmAdjustedP, 12);          // Holm over the paired p, m = 2
            Assert.Equal(Get(paired, "mdd_noncentral_t"), c.MinimumDetectableDifference, 6);
            Assert.Equal(Get(Expected.GetProperty("welch").GetProperty(c.Candidate), "p"), c.PaperProtocol.PValue, 10);
            Assert.Equal(8, c.Test.Prompts);
        }
        // The prompt effect is large, so pairing finds what the paper's unpaired test misses.
        Assert.True(comparisons[0].Significant);
        Assert.True(comparisons[0].PaperProtocol.PValue > 0.05);
        Assert.False(comparisons[1].Significant);
    }

    [Fact]
    public void PromptsOnlyOneModelAnsweredAreLeftOutAndUnequalCountsAverageWithinThePrompt()
    {
        var baseline = new PromptScore[] { new("a", 5), new("a", 7), new("b", 4), new("c", 9) };
        var candidate = new PromptScore[] { new("a", 8), new("b", 6), new("b", 4), new("d", 1) };
        Assert.Equal([8 - 6.0, 5 - 4.0], PromptPairing.Differences(candidate, baseline));
    }

    [Fact]
    public void PowerFunctionMatchesScipyNoncentralT()
    {
        foreach (var e in Expected.GetProperty("power_function").EnumerateArray())
            Assert.Equal(Get(e, "power"), MinimumDetectableDifference.Power(Get(e, "df"), Get(e, "t_crit"), Get(e, "ncp")), 6);
    }

    [Fact]
    public void MinimumDetectableDifferenceMatchesScipyNoncentralTAndExceedsTheNormalApproximation()
    {
        foreach (var e in Expected.GetProperty("mdd_at").EnumerateArray())
            Assert.Equal(Get(e, "mdd_noncentral_t"), MinimumDetectableDifference.Of(Get(e, "sd"), e.GetProperty("n").GetInt32()), 6);
        var k5 = Expected.GetProperty("paired").GetProperty("k5");
        var mdd = MinimumDetectableDifference.Of(Get(k5, "sd"), 8);
        Assert.Equal(Get(k5, "mdd_noncentral_t"), mdd, 6);
        Assert.True(mdd > Get(k5, "mdd_normal"));   // the t's heavier tails cost power at n = 8
    }

    [Fact]
    public void HolmMatchesTheHandComputedStepDown() =>
        // Sorted 0.01·4 = 0.04, 0.03·3 = 0.09, 0.04·2 = 0.08 → 0.09 (monotone), 0.20·1.
        Assert.Equal([0.04, 0.09, 0.09, 0.2], HolmCorrection.Adjust([0.01, 0.04, 0.03, 0.20]).Select(p => Math.Round(p, 12)));

    [Fact]
    public void BootstrapResamplesPromptsAgreesWithNumpyWithinMonteCarloErrorAndIsSeeded()
    {
        var scores = Scores();
        var d = PromptPairing.Differences(scores["k5"], scores["vanilla"]);
        var a = BootstrapInterval.MeanOverPrompts(d, seed: 42);
        Assert.Equal(a, BootstrapInterval.MeanOverPrompts(d, seed: 42));
        Assert.NotEqual(a, BootstrapInterval.MeanOverPrompts(d, seed: 43));
        // 8 differences take few distinct values, so the endpoints sit on a coarse grid (steps of 1/48); 10,000
        // resamples land within a step of numpy's 400,000.
        var e = Expected.GetProperty("bootstrap");
        Assert.InRange(a.Low, Get(e, "low") - 1 / 48.0 - 1e-9, Get(e, "low") + 1 / 48.0 + 1e-9);
        Assert.InRange(a.High, Get(e, "high") - 1 / 48.0 - 1e-9, Get(e, "high") + 1 / 48.0 + 1e-9);
    }

    [Fact]
    public void JudgeResultsPairByTheSamplesPromptIds()
    {
        JudgeResult Result(string model, string prompt, int s, double grade) => new(new StorySample($"{model}/{prompt}/s{s}", $"text of {prompt}", "c", prompt),
            JudgeOutcome.Graded, new JudgeGrades(grade, grade, grade), "a", "r", "m", "v", false);
        var scores = Scores();
        var results = scores.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<JudgeResult>)kv.Value.Select((s, i) => Result(kv.Key, s.PromptId, i, s.Value)).ToList());

        var grammar = ScoreStatistics.CompareWithBaseline("vanilla", results, seed: 1).Where(c => c.Criterion == JudgeCriteria.Grammar).ToList();

        Assert.Equal(Get(Expected.GetProperty("paired").GetProperty("k5"), "p"), grammar.Single(c => c.Candidate == "k5").Test.PValue, 12);
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
