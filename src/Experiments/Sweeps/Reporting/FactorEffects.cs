using Microsoft.ML.SemanticContext.Evaluators.Statistics;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

/// <summary>
/// One level of a factor (e.g. placement = prepend). <see cref="MeanDifference"/>: each prompt's primary-criterion
/// difference vs the vanilla of the configuration's size, averaged over the level's testable configurations on that
/// prompt, then averaged over prompts; <see cref="Interval"/> resamples those per-prompt values (the prompt is the unit;
/// null below 2 prompts).
/// <see cref="MeanPerplexityRatio"/>: the mean over the level's finished configurations (with a finished baseline) of
/// held-out perplexity / the baseline's; one figure per trial, so no interval over prompts exists: the range is shown.
/// </summary>
public sealed record FactorLevel(string Level, int Configurations, int Prompts, double? MeanDifference, BootstrapIntervalResult? Interval,
    int PerplexityConfigurations, double? MeanPerplexityRatio, double? LowestRatio, double? HighestRatio);

/// <summary>A factor of the search space (placement, chunk size, k, size) with its levels in order.</summary>
public sealed record FactorEffect(string Factor, IReadOnlyList<FactorLevel> Levels);

/// <summary>
/// Marginal means per factor level over the configurations the sweep ran. Where cells are missing (pruned, failed or
/// not run) a level's mean mixes in the other factors' levels that happen to be present: the report says so.
/// </summary>
public static class FactorEffects
{
    public static IReadOnlyList<FactorEffect> Compute(SweepReportInput input, string primary)
    {
        var byName = input.Trials.ToDictionary(t => t.Configuration.Name, StringComparer.Ordinal);
        // In configuration order, not the input's: sums over configurations then round alike for any order of the trials.
        var candidates = SweepOrder.Configurations(input.Trials).Where(t => !t.Configuration.IsBaseline).ToList();
        var sizes = SweepOrder.Sizes(input.Trials).ToList();
        TrialRecord? FinishedBaseline(TrialRecord t) =>
            byName.GetValueOrDefault(t.Configuration.Baseline.Name) is { State: TrialState.Finished } b ? b : null;

        IReadOnlyList<PromptScore>? Differences(TrialRecord t) =>
            t.State == TrialState.Finished && FinishedBaseline(t) is { } b
            && t.PromptScores.GetValueOrDefault(primary) is { } c && b.PromptScores.GetValueOrDefault(primary) is { } v
            && PromptPairing.DifferencesByPrompt(c, v) is { Count: >= 2 } d ? d : null;

        double? Ratio(TrialRecord t) =>
            t.State == TrialState.Finished && t.Perplexity is { } p && FinishedBaseline(t)?.Perplexity is { } q && q > 0 ? p / q : null;

        FactorEffect Factor(string name, Func<TrialRecord, int> rank, Func<TrialRecord, string> label) =>
            new(name, candidates.OrderBy(rank).Select(label).Distinct(StringComparer.Ordinal).Select(level =>
            {
                var members = candidates.Where(t => label(t) == level).ToList();
                var differences = members.Select(Differences).Where(d => d is not null).Select(d => d!).ToList();
                var perPrompt = differences.SelectMany(d => d).GroupBy(d => d.PromptId, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Average(d => d.Value)).ToList();
                var ratios = members.Select(Ratio).Where(r => r is not null).Select(r => r!.Value).ToList();
                return new FactorLevel(level, differences.Count, perPrompt.Count,
                    perPrompt.Count > 0 ? perPrompt.Average() : null,
                    perPrompt.Count >= 2 ? BootstrapInterval.MeanOverPrompts(perPrompt, input.Seed) : null,
                    ratios.Count, ratios.Count > 0 ? ratios.Average() : null, ratios.Count > 0 ? ratios.Min() : null, ratios.Count > 0 ? ratios.Max() : null);
            }).ToList());

        return
        [
            Factor("Placement", t => (int)t.Configuration.Annotation!.Placement, t => SweepOrder.PlacementName(t.Configuration.Annotation!.Placement)),
            Factor("Chunk size", t => t.Configuration.Annotation!.SentencesPerChunk, t => Sentences(t.Configuration.Annotation!.SentencesPerChunk)),
            Factor("k", t => t.Configuration.Annotation!.K, t => $"k = {t.Configuration.Annotation!.K}"),
            Factor("Size", t => sizes.IndexOf(t.Configuration.Size), t => t.Configuration.Size),
        ];
    }

    public static string Sentences(int n) => n == 1 ? "1 sentence" : $"{n} sentences";
}
