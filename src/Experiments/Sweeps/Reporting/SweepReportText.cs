using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using static Microsoft.ML.SemanticContext.Evaluators.Reporting.ReportText;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

/// <summary>The sweep report's sentences, table headers, cells and legends, the same in Markdown and HTML.</summary>
public static class SweepReportText
{
    public static string State(TrialState s) => s.ToString().ToLowerInvariant();

    public static string Title(SweepReportInput i) => $"Sweep report: {i.Preset} preset, {i.Tuner} tuner";

    public static string Summary(SweepAnalysis a) =>
        $"Seed {a.Input.Seed} · wall time {Duration(a.Input.WallTime)} · {a.Input.Trials.Count} trials: " +
        string.Join(", ", new[] { TrialState.Finished, TrialState.Pruned, TrialState.Failed, TrialState.Running, TrialState.Pending }.Select(s => $"{a.Count(s)} {State(s)}"));

    /// <summary>The notice at the top of a sweep with trials pending, running or failed; null when every trial finished or was pruned.</summary>
    public static string? Incomplete(SweepAnalysis a) => !a.Incomplete ? null :
        $"Incomplete sweep: {a.Count(TrialState.Failed)} failed, {a.Count(TrialState.Pending)} pending and {a.Count(TrialState.Running)} running of {a.Input.Trials.Count} trials. " +
        "The tests, factor effects and the paper's table cover the finished trials only. Rerunning the sweep resumes it (finished trials are not rerun).";

    public static string Primary(SweepAnalysis a) => a.Input.JudgeRan
        ? $"Primary criterion: the LLM judge's overall grade (1–10), mean per prompt. Every other criterion is tested below as well."
        : $"Primary criterion: {a.PrimaryCriterion}, an automatic offline proxy (no LLM judge ran): cosine similarity of the continuation to its prompt. It is not a judgment of quality.";

    public static IReadOnlyList<string> RankingHeader(SweepAnalysis a) =>
        ["#", "Trial", "Configuration", "State", "Steps", "Validation NLL", "Held-out perplexity", $"{CriterionTitle(a.PrimaryCriterion)} mean", "95% CI", "Prompts", "Wall time", "Note"];

    public static IReadOnlyList<string> RankingCells(RankedTrial r)
    {
        var t = r.Trial;
        var finished = t.State == TrialState.Finished;
        return
        [
            $"{r.Position}", $"{t.Id}", t.Configuration.Name, State(t.State), $"{t.Steps:N0}",
            t.State is TrialState.Finished or TrialState.Pruned ? Number(t.ValidationNll, "0.0000") : "–",
            finished ? Number(t.Perplexity, "0.00") : "–",
            r.Score is { } s ? Number(s.Mean) : "–", r.Score?.Interval is { } i ? $"[{Number(i.Low)}, {Number(i.High)}]" : r.Score is null ? "–" : "needs 2 prompts",
            r.Score is { } n ? $"{n.Prompts}" : "–", Duration(t.WallTime),
            t.State switch
            {
                TrialState.Pruned => $"stopped early by the tuner at step {t.Steps:N0} on its validation figure; never evaluated on held-out text or prompts",
                TrialState.Failed => t.Error ?? "failed (no error recorded)",
                TrialState.Pending or TrialState.Running => "not finished",
                _ => r.Score is null ? "finished without scores on the primary criterion" : "",
            },
        ];
    }

    public static IReadOnlyList<(string Name, string Meaning)> RankingLegend(SweepAnalysis a) =>
    [
        ("Order", "finished trials by held-out perplexity (lower first), then pruned trials by the validation figure they reached, then pending and running, then failed; ties by trial id. Pruned trials are ranked only among themselves: their figures come from fewer steps"),
        ("Validation NLL", "nats per plain-text token of the validation stories, a cluster-token model's plan tokens counted in the numerator (the tuner's comparable figure)"),
        ("Held-out perplexity", "per plain-text token of the held-out stories, plan tokens paid for (best plan counted); finished trials only"),
        ($"{CriterionTitle(a.PrimaryCriterion)} mean", "mean over prompts of the trial's per-prompt mean score (a prompt's completions averaged first)"),
        ("95% CI", $"percentile bootstrap of that mean resampling prompts ({BootstrapInterval.DefaultResamples:N0} resamples, seed {a.Input.Seed}); finished trials only"),
        ("Prompts", "prompts with a score: the unit of replication"),
    ];

    public static string Family(SweepAnalysis a)
    {
        var perCriterion = a.Comparisons.GroupBy(c => c.Criterion).Select(g => $"{g.Count()} on {g.Key}");
        return "Each finished configuration against the finished vanilla baseline of its own size, paired by prompt (same prompts and sampling seeds). " +
               $"Holm's family is every configuration of the sweep tested on one criterion, all sizes together ({string.Join(", ", perCriterion)}): " +
               "a reader scans the whole sweep for a winner, so the correction holds the error rate over all of it, not per size.";
    }

    /// <summary>The experiment report's comparison columns, the criterion (one table per criterion) replaced by the configuration's baseline.</summary>
    public static IReadOnlyList<string> ComparisonHeader { get; } = ["Configuration", "Baseline", .. ReportText.ComparisonHeader.Skip(2)];

    public static IReadOnlyList<string> ComparisonCells(ModelComparison c) => [c.Candidate, c.Baseline, .. ReportText.ComparisonCells(c).Skip(2)];

    /// <summary>The comparisons of one criterion, in configuration order: one Holm family.</summary>
    public static IEnumerable<(string Title, IReadOnlyList<ModelComparison> Family)> Families(SweepAnalysis a) =>
        a.Criteria.Select(c => (Title: $"{CriterionTitle(c)} (Holm family of {a.Comparisons.Count(x => x.Criterion == c)})",
            Family: (IReadOnlyList<ModelComparison>)a.Comparisons.Where(x => x.Criterion == c).ToList())).Where(f => f.Family.Count > 0);

    public static IReadOnlyList<string> UntestedHeader { get; } = ["Configuration", "Baseline", "Criterion", "Result"];

    public static IReadOnlyList<string> UntestedCells(UntestedComparison u) => [u.Configuration, u.Baseline, CriterionTitle(u.Criterion), u.Reason];

    public static string FactorNote(SweepAnalysis a) =>
        $"Marginal means per level of each factor, over the configurations the sweep ran. Difference: on {a.PrimaryCriterion}, " +
        "each prompt's difference vs the vanilla of the configuration's size, averaged over the level's testable configurations on that prompt, then over prompts; " +
        $"its 95% interval is a percentile bootstrap resampling prompts ({BootstrapInterval.DefaultResamples:N0} resamples, seed {a.Input.Seed}). " +
        "Perplexity ratio: held-out perplexity / the baseline's, averaged over the level's finished configurations; each trial has one held-out figure, so there is no interval over prompts and the range is shown instead. " +
        "Where cells are pruned, failed or not run, a level's mean also mixes the other factors' levels that are present; compare with the paper's table.";

    public static IReadOnlyList<string> FactorHeader { get; } =
        ["Level", "Tested configurations", "Prompts", "Mean difference vs vanilla", "95% CI", "Finished configurations", "Perplexity ratio (mean)", "Range"];

    public static IReadOnlyList<string> FactorCells(FactorLevel l) =>
    [
        l.Level, $"{l.Configurations}", $"{l.Prompts}", l.MeanDifference is { } d ? Signed(d) : "no testable configuration",
        l.Interval is { } i ? Interval(i.Low, i.High) : l.MeanDifference is null ? "–" : "needs 2 prompts", $"{l.PerplexityConfigurations}", Number(l.MeanPerplexityRatio),
        l.LowestRatio is { } lo && l.HighestRatio is { } hi ? $"{Number(lo)}–{Number(hi)}" : "–",
    ];

    public static string PaperNote(SweepAnalysis a) =>
        $"Rows: model size × placement; columns: chunk size × k, as in the paper (1 and 2 sentences × k ∈ {{5, 7, 15, 32}}, plus any other value this sweep ran). " +
        $"Each cell: mean per-prompt difference vs the vanilla model of the same size on {(a.Input.JudgeRan ? "the LLM judge's overall grade (1–10)" : $"{a.PrimaryCriterion}, the offline proxy (no judge ran; the paper used a judge)")}; " +
        "* Holm-significant (one-tailed paired t-test, α = 0.05, family: every configuration of the sweep). " +
        $"The {PaperTable.Vanilla} row gives the baseline's own mean over prompts with its 95% prompt-bootstrap interval. " +
        $"Cells that hold no difference say why: pruned (stopped early by the tuner), failed, pending, running, not testable (fewer than 2 prompts shared with the baseline, or no finished baseline) or {PaperTable.NotRun} (not in this sweep's search space or budget).";

    public static IReadOnlyList<string> PaperHeader(PaperTable t) => ["Size", "Placement", .. t.Columns.Select(PaperTable.ColumnTitle)];

    public static IReadOnlyList<string> PaperCells(PaperTableRow r) => [r.Size, r.Placement, .. r.Cells];

    public const string Footer = "Every trial, its per-prompt scores, every comparison and every factor level are in `results.jsonl` next to this file.";
}
