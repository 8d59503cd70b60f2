using Microsoft.ML.SemanticContext.Evaluators.Statistics;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

/// <summary>
/// Each finished configuration against the finished vanilla baseline of its own size, paired by prompt, on every
/// criterion. The Holm family is every configuration of the sweep tested on that criterion (all sizes together): a
/// reader scans the whole sweep for a winner, so that is the family whose error rate must be held.
/// </summary>
public static class SweepComparisons
{
    public static (IReadOnlyList<ModelComparison> Comparisons, IReadOnlyList<UntestedComparison> Untested) Compute(SweepReportInput input, IReadOnlyList<string> criteria)
    {
        var finished = input.Trials.Where(t => t.State == TrialState.Finished).ToDictionary(t => t.Configuration.Name, StringComparer.Ordinal);
        var candidates = SweepOrder.Configurations(input.Trials).Where(t => t.State == TrialState.Finished && !t.Configuration.IsBaseline).ToList();
        var comparisons = new List<ModelComparison>();
        var untested = new List<UntestedComparison>();
        foreach (var criterion in criteria)
        {
            var scores = finished.Values.Where(t => t.PromptScores.ContainsKey(criterion))
                .ToDictionary(t => t.Configuration.Name, t => t.PromptScores[criterion], StringComparer.Ordinal);
            var pairs = candidates.Select(t => (Candidate: t.Configuration.Name, Baseline: t.Configuration.Baseline.Name)).ToList();
            var tested = ScoreStatistics.CompareWithBaselines(pairs, scores, criterion, input.Seed);
            comparisons.AddRange(tested);
            var done = tested.Select(c => c.Candidate).ToHashSet(StringComparer.Ordinal);
            untested.AddRange(pairs.Where(p => !done.Contains(p.Candidate))
                .Select(p => new UntestedComparison(p.Candidate, p.Baseline, criterion, Reason(p.Candidate, p.Baseline, scores, input))));
        }
        return (comparisons, untested);
    }

    static string Reason(string candidate, string baseline, IReadOnlyDictionary<string, IReadOnlyList<PromptScore>> scores, SweepReportInput input)
    {
        if (input.Trials.FirstOrDefault(t => t.Configuration.Name == baseline) is not { } b) return $"not testable: the sweep has no {baseline} trial";
        if (b.State != TrialState.Finished) return $"not testable: {baseline} is {SweepReportText.State(b.State)}";
        if (!scores.ContainsKey(baseline)) return $"not testable: {baseline} has no scores on this criterion";
        if (!scores.ContainsKey(candidate)) return "not testable: no scores on this criterion";
        var shared = PromptPairing.Differences(scores[candidate], scores[baseline]).Length;
        return $"not testable: {shared} prompt{(shared == 1 ? "" : "s")} shared with {baseline} (a paired test needs at least 2)";
    }
}
