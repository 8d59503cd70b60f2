using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using Microsoft.ML.SemanticContext.Experiments.Running;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

/// <summary>
/// A finished trial's primary score: the mean over prompts of its per-prompt means, with the prompt bootstrap interval
/// of that mean; null below 2 prompts, where resampling one prompt only repeats it.
/// </summary>
public sealed record TrialScore(int Prompts, double Mean, BootstrapIntervalResult? Interval);

/// <summary>One trial at its place in the ranking; <see cref="Score"/> is null unless the trial finished with scores.</summary>
public sealed record RankedTrial(int Position, TrialRecord Trial, TrialScore? Score);

/// <summary>A finished configuration that could not be tested against its baseline on one criterion, and why.</summary>
public sealed record UntestedComparison(string Configuration, string Baseline, string Criterion, string Reason);

/// <summary>Everything the sweep report shows, computed once from its input; the renderers only format it.</summary>
/// <param name="PrimaryCriterion">The judge's overall grade when a judge ran, otherwise the offline proxy.</param>
/// <param name="Criteria">Every criterion some trial was scored on, the primary first.</param>
/// <param name="Comparisons">Each testable configuration against the vanilla baseline of its size, per criterion, in configuration order; Holm over the sweep.</param>
public sealed record SweepAnalysis(
    SweepReportInput Input,
    string PrimaryCriterion,
    IReadOnlyList<string> Criteria,
    IReadOnlyList<RankedTrial> Ranking,
    IReadOnlyList<ModelComparison> Comparisons,
    IReadOnlyList<UntestedComparison> Untested,
    IReadOnlyList<FactorEffect> Factors,
    PaperTable Table)
{
    public int Count(TrialState state) => Input.Trials.Count(t => t.State == state);

    /// <summary>A sweep with trials still pending, running or failed: its tables cover part of the search space.</summary>
    public bool Incomplete => Input.Trials.Any(t => t.State is TrialState.Pending or TrialState.Running or TrialState.Failed);

    public static SweepAnalysis Of(SweepReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireOneTrialPerConfiguration(input.Trials);
        var primary = input.JudgeRan ? ScoreStatistics.Overall : ExperimentEvaluation.ProxyCriterion;
        var present = input.Trials.SelectMany(t => t.PromptScores.Keys).ToHashSet(StringComparer.Ordinal);
        var criteria = new[] { primary }.Concat(ScoreStatistics.Criteria).Append(ExperimentEvaluation.ProxyCriterion)
            .Concat(present.Order(StringComparer.Ordinal))
            .Where(c => c == primary || present.Contains(c)).Distinct(StringComparer.Ordinal).ToList();
        var (comparisons, untested) = SweepComparisons.Compute(input, criteria);
        var ranking = Rank(input, primary);
        return new SweepAnalysis(input, primary, criteria, ranking, comparisons, untested,
            FactorEffects.Compute(input, primary), PaperTable.Build(input, comparisons.Where(c => c.Criterion == primary).ToList(), ranking));
    }

    /// <summary>
    /// Finished trials by held-out perplexity (lower first), then pruned ones by the validation figure they reached,
    /// then pending and running ones, then failed ones; ties (and missing figures, last within their group) by id.
    /// </summary>
    static IReadOnlyList<RankedTrial> Rank(SweepReportInput input, string primary)
    {
        static int Group(TrialState s) => s switch { TrialState.Finished => 0, TrialState.Pruned => 1, TrialState.Failed => 3, _ => 2 };
        static double Figure(TrialRecord t) => (t.State switch { TrialState.Finished => t.Perplexity, TrialState.Pruned => t.ValidationNll, _ => null }) ?? double.PositiveInfinity;
        return input.Trials.OrderBy(t => Group(t.State)).ThenBy(Figure).ThenBy(t => t.Id)
            .Select((t, i) => new RankedTrial(i + 1, t, t.State == TrialState.Finished ? Score(t, primary, input.Seed) : null)).ToList();
    }

    static TrialScore? Score(TrialRecord t, string criterion, int seed)
    {
        if (t.PromptScores.GetValueOrDefault(criterion) is not { Count: > 0 } scores) return null;
        var means = PromptPairing.MeansByPrompt(scores).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList();
        return new TrialScore(means.Count, means.Average(), means.Count >= 2 ? BootstrapInterval.MeanOverPrompts(means, seed) : null);
    }

    // The engine keeps each configuration once (a rerun resumes its trial); two would make "the" result of a cell ambiguous.
    static void RequireOneTrialPerConfiguration(IReadOnlyList<TrialRecord> trials)
    {
        var twice = trials.GroupBy(t => t.Configuration.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new ArgumentException($"The sweep holds configuration {twice.Key} more than once (trials {string.Join(", ", twice.Select(t => t.Id))}); a sweep report needs one trial per configuration.", nameof(trials));
    }
}
