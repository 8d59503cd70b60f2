using Microsoft.ML.SemanticContext.Evaluators.Judge;

namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>Turns per-sample judge grades into the report's per-model summaries and baseline comparisons.</summary>
public static class ScoreStatistics
{
    public const string Overall = "overall";

    /// <summary>The criteria reported and tested, in display order.</summary>
    public static IReadOnlyList<string> Criteria { get; } = [JudgeCriteria.Grammar, JudgeCriteria.Creativity, JudgeCriteria.Consistency, JudgeCriteria.Plot, Overall];

    /// <summary>Per-criterion summaries of one model's graded results; unparseable ones are counted and left out.</summary>
    public static ModelScoreSummary Summarize(string model, IEnumerable<JudgeResult> results)
    {
        var all = results.ToList();
        var graded = all.Where(r => r.Grades is not null).Select(r => r.Grades!).ToList();
        var criteria = new Dictionary<string, ScoreSummary>();
        foreach (var c in Criteria)
        {
            var values = Values(graded, c);
            if (values.Count > 0) criteria[c] = ScoreSummary.Of(values);
        }
        return new ModelScoreSummary(model, criteria, graded.Count, all.Count - graded.Count);
    }

    /// <summary>
    /// Every candidate against <paramref name="baseline"/> on every criterion, paired by the samples' prompts.
    /// Holm's correction runs within each criterion over the candidates (the family of tests a reader scans together).
    /// </summary>
    public static IReadOnlyList<ModelComparison> CompareWithBaseline(string baseline, IReadOnlyDictionary<string, IReadOnlyList<JudgeResult>> resultsByModel, int seed)
    {
        if (!resultsByModel.ContainsKey(baseline))
            throw new ArgumentException($"The baseline model '{baseline}' has no results; models with results: {string.Join(", ", resultsByModel.Keys)}.", nameof(baseline));
        var comparisons = new List<ModelComparison>();
        foreach (var criterion in Criteria)
        {
            var scores = resultsByModel.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<PromptScore>)kv.Value
                .Where(r => r.Grades?[criterion] is not null).Select(r => new PromptScore(r.Sample.PromptKey, r.Grades![criterion]!.Value)).ToList());
            comparisons.AddRange(CompareWithBaseline(baseline, scores, criterion, seed));
        }
        return comparisons;
    }

    /// <summary>
    /// The same for any per-sample scores (e.g. an offline metric). Per candidate: the one-tailed paired t-test on the
    /// per-prompt mean differences, the prompt-resampling bootstrap interval of their mean, the minimum detectable
    /// difference, the paired sign-flip permutation test, and the paper's unpaired Welch test over completions; Holm
    /// adjusts the paired t-test's p across candidates.
    /// Candidates sharing fewer than two prompts with the baseline are skipped, since no variance can be estimated.
    /// </summary>
    public static IReadOnlyList<ModelComparison> CompareWithBaseline(string baseline, IReadOnlyDictionary<string, IReadOnlyList<PromptScore>> scoresByModel, string criterion, int seed) =>
        scoresByModel.ContainsKey(baseline)
            ? CompareWithBaselines(scoresByModel.Keys.Where(m => m != baseline).Order(StringComparer.Ordinal).Select(m => (m, baseline)).ToList(), scoresByModel, criterion, seed)
            : [];

    /// <summary>
    /// Each candidate against its own baseline (e.g. a sweep's configurations against the vanilla model of their size),
    /// as <see cref="CompareWithBaseline(string, IReadOnlyDictionary{string, IReadOnlyList{PromptScore}}, string, int)"/>,
    /// with Holm's correction over every pair given: the family is the whole list. Pairs with a model that has no scores,
    /// or sharing fewer than two prompts, are skipped. Results keep the order of <paramref name="pairs"/>.
    /// </summary>
    public static IReadOnlyList<ModelComparison> CompareWithBaselines(IReadOnlyList<(string Candidate, string Baseline)> pairs,
        IReadOnlyDictionary<string, IReadOnlyList<PromptScore>> scoresByModel, string criterion, int seed)
    {
        var candidates = pairs.Where(p => scoresByModel.ContainsKey(p.Candidate) && scoresByModel.ContainsKey(p.Baseline))
            .Select(p => (Model: p.Candidate, p.Baseline, Scores: scoresByModel[p.Candidate], BaseScores: scoresByModel[p.Baseline],
                Differences: PromptPairing.Differences(scoresByModel[p.Candidate], scoresByModel[p.Baseline])))
            .Where(c => c.Differences.Length >= 2).ToList();
        var tests = candidates.Select(c => PairedTTest.OneTailedGreater(c.Differences)).ToList();
        var adjusted = HolmCorrection.Adjust(tests.Select(t => t.PValue).ToList());
        return candidates.Select((c, i) => new ModelComparison(c.Model, c.Baseline, criterion, tests[i],
            BootstrapInterval.MeanOverPrompts(c.Differences, seed), adjusted[i],
            MinimumDetectableDifference.Of(tests[i].StandardDeviation, tests[i].Prompts),
            WelchTTest.OneTailedGreater(Values(c.Scores), Values(c.BaseScores)), PermutationTest.OneTailedGreater(c.Differences, seed))).ToList();
    }

    static List<double> Values(IEnumerable<JudgeGrades> grades, string criterion) =>
        grades.Select(g => g[criterion]).Where(v => v is not null).Select(v => v!.Value).ToList();

    static List<double> Values(IEnumerable<PromptScore> scores) => scores.Select(s => s.Value).ToList();
}
