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
    /// Every candidate against <paramref name="baseline"/> on every criterion that both have at least two grades for.
    /// Holm's correction runs within each criterion over the candidates (the family of tests a reader scans together).
    /// </summary>
    public static IReadOnlyList<ModelComparison> CompareWithBaseline(string baseline, IReadOnlyDictionary<string, IReadOnlyList<JudgeResult>> resultsByModel, int seed)
    {
        if (!resultsByModel.TryGetValue(baseline, out var baselineResults))
            throw new ArgumentException($"The baseline model '{baseline}' has no results; models with results: {string.Join(", ", resultsByModel.Keys)}.", nameof(baseline));
        var grades = resultsByModel.ToDictionary(kv => kv.Key, kv => kv.Value.Where(r => r.Grades is not null).Select(r => r.Grades!).ToList());
        var comparisons = new List<ModelComparison>();
        foreach (var criterion in Criteria)
        {
            var scores = grades.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<double>)Values(kv.Value, criterion));
            comparisons.AddRange(CompareWithBaseline(baseline, scores, criterion, seed));
        }
        return comparisons;
    }

    /// <summary>
    /// The same for any per-sample scores (e.g. an offline metric): one-tailed Welch test that each candidate
    /// beats the baseline, seeded bootstrap interval of the difference, Holm-adjusted p across candidates.
    /// Candidates with fewer than two scores are skipped, since no variance can be estimated.
    /// </summary>
    public static IReadOnlyList<ModelComparison> CompareWithBaseline(string baseline, IReadOnlyDictionary<string, IReadOnlyList<double>> scoresByModel, string criterion, int seed)
    {
        if (!scoresByModel.TryGetValue(baseline, out var baseScores) || baseScores.Count < 2) return [];
        var candidates = scoresByModel.Where(kv => kv.Key != baseline && kv.Value.Count >= 2).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var tests = candidates.Select(kv => WelchTTest.OneTailedGreater(kv.Value, baseScores)).ToList();
        var adjusted = HolmCorrection.Adjust(tests.Select(t => t.PValue).ToList());
        return candidates.Select((kv, i) => new ModelComparison(kv.Key, baseline, criterion, tests[i],
            BootstrapInterval.DifferenceOfMeans(kv.Value, baseScores, seed), adjusted[i])).ToList();
    }

    static List<double> Values(IEnumerable<JudgeGrades> grades, string criterion) =>
        grades.Select(g => g[criterion]).Where(v => v is not null).Select(v => v!.Value).ToList();
}
