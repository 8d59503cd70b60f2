using System.Globalization;
using Microsoft.ML.SemanticContext.Evaluators.Clustering;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;

namespace Microsoft.ML.SemanticContext.Evaluators.Reporting;

/// <summary>Number formats and shared choices (model order, colours, which stories to show) for both report formats.</summary>
public static class ReportText
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Score(ScoreSummary? s) => s is null || s.Count == 0 ? "–" : s.ToString();

    public static string Number(double? v, string format = "0.000") => v is { } x && double.IsFinite(x) ? x.ToString(format, Invariant) : "–";

    public static string Signed(double v) => (v >= 0 ? "+" : "") + v.ToString("0.000", Invariant);

    public static string P(double p) => p < 0.001 ? "< 0.001" : p.ToString("0.000", Invariant);

    /// <summary>"p = 0.029", or "p &lt; 0.001" for tiny values (never "p = &lt; 0.001").</summary>
    public static string PIs(string name, double p) => p < 0.001 ? $"{name} < 0.001" : $"{name} = {P(p)}";

    public static string Interval(double low, double high) => $"[{Signed(low)}, {Signed(high)}]";

    public static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{t.TotalSeconds:0.0} s";

    /// <summary>The notice of a judge section that is missing samples; null when the judge finished.</summary>
    public static string? JudgeIncomplete(JudgeSettings j) => j.StopReason is null ? null :
        $"Incomplete: {j.Unjudged} sample(s) were not judged. {j.StopReason} The scores cover the judged samples only and the tests " +
        "against the baseline use the offline proxy. Rerun the same command to judge only the missing samples (finished judgments come from the cache).";

    /// <summary>Why training and validation losses are not compared across models.</summary>
    public const string TrainingNote =
        "Losses are per token of each model's own training text: a cluster-token model's also predict its plan tokens, so its losses are not comparable with the baseline's and its validation loss is shown labelled; compare held-out perplexity instead.";

    /// <summary>A curve's best validation loss, labelled when it includes plan tokens.</summary>
    public static string ValidationLoss(TrainingCurve c, LossPoint? best) =>
        best is null ? "–" : Number(best.Loss, "0.0000") + (c.IncludesPlanTokens ? " (incl. plan tokens, not comparable)" : "");

    public static string CriterionTitle(string c) => c.Length == 0 ? c : char.ToUpperInvariant(c[0]) + c[1..];

    /// <summary>Baseline first, then every other model in order of first appearance anywhere in the report.</summary>
    public static IReadOnlyList<string> Models(ExperimentReport r) =>
        new[] { r.BaselineModel }
            .Concat(r.Scores.Select(s => s.Model))
            .Concat(r.OfflineMetrics.Select(m => m.Model))
            .Concat(r.TrainingCurves.Select(c => c.Model))
            .Concat(r.Samples.Select(s => s.Model))
            .Where(m => !string.IsNullOrEmpty(m))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public static string ModelColor(IReadOnlyList<string> models, string model) =>
        SvgCharts.Palette[Math.Max(0, IndexOf(models, model)) % SvgCharts.Palette.Count];

    /// <summary>A distinct, readable background per cluster id (golden-angle hue steps keep neighbours apart).</summary>
    public static string ClusterColor(int id) => $"hsl({(id * 137.508) % 360:0} 70% 86%)";

    public static string ClusterBorder(int id) => $"hsl({(id * 137.508) % 360:0} 55% 40%)";

    /// <summary>
    /// The stories to show: the first few prompts (in order of appearance) and, for each, every model's
    /// lowest-numbered sample, so the same beginnings are compared across models.
    /// </summary>
    public static IReadOnlyList<(string PromptId, string Prompt, IReadOnlyList<GeneratedSample> ByModel)> ShownStories(ExperimentReport r, IReadOnlyList<string> models)
    {
        var promptIds = r.Samples.Select(s => s.PromptId).Distinct(StringComparer.Ordinal).Take(r.StoriesShownPerModel).ToList();
        return promptIds.Select(id =>
        {
            var forPrompt = r.Samples.Where(s => s.PromptId == id).ToList();
            var byModel = models.Select(m => forPrompt.Where(s => s.Model == m).OrderBy(s => s.SampleIndex).FirstOrDefault())
                .Where(s => s is not null).Select(s => s!).ToList();
            return (id, forPrompt[0].Prompt, (IReadOnlyList<GeneratedSample>)byModel);
        }).ToList();
    }

    /// <summary>
    /// The report's one-sentence result: the candidate with the largest overall gain over the baseline, or, without
    /// judge scores, the largest gain on the first criterion that was tested (an offline proxy). Null when nothing was tested.
    /// </summary>
    public static string? Headline(ExperimentReport r)
    {
        var criterion = r.Comparisons.Any(c => c.Criterion == ScoreStatistics.Overall) ? ScoreStatistics.Overall : r.Comparisons.FirstOrDefault()?.Criterion;
        var c = r.Comparisons.Where(x => x.Criterion == criterion).OrderByDescending(x => x.Test.Difference).FirstOrDefault();
        if (c is null) return null;
        string Mean(string model) => r.Scores.FirstOrDefault(s => s.Model == model)?.Criteria.GetValueOrDefault(c.Criterion) is { Count: > 0 } s ? $" {s}" : "";
        return $"{c.Candidate}{Mean(c.Candidate)} vs {c.Baseline}{Mean(c.Baseline)} on {c.Criterion}: mean per-prompt difference {Signed(c.Test.Difference)} " +
               $"over {c.Test.Prompts} prompts, 95% bootstrap CI {Interval(c.Bootstrap.Low, c.Bootstrap.High)}, one-tailed paired t-test {PIs("p", c.Test.PValue)} " +
               $"(Holm {PIs("p", c.HolmAdjustedP)}) — {(c.Significant ? "significant" : "not significant")} at α = {ModelComparison.Alpha.ToString(Invariant)}; " +
               $"the smallest difference this run detects with 80% power is {Number(c.MinimumDetectableDifference)}.";
    }

    /// <summary>The header of the comparison table, the same in both formats.</summary>
    public static IReadOnlyList<string> ComparisonHeader { get; } =
        ["Candidate", "Criterion", "n", "Difference", "95% CI", "t", "df", "p", "Holm p", "Permutation p", "MDD", "Paper protocol p (Welch, df)", "Significant (Holm p < 0.05)"];

    /// <summary>One comparison as the table's cells (<see cref="ComparisonHeader"/>), the last cell empty or "significant".</summary>
    public static IReadOnlyList<string> ComparisonCells(ModelComparison c) =>
    [
        c.Candidate, CriterionTitle(c.Criterion), $"{c.Test.Prompts}", Signed(c.Test.Difference), Interval(c.Bootstrap.Low, c.Bootstrap.High),
        Number(c.Test.T, "0.00"), Number(c.Test.DegreesOfFreedom, "0"), P(c.Test.PValue), P(c.HolmAdjustedP),
        $"{P(c.Permutation.PValue)}{(c.Permutation.Exact ? "" : " (MC)")}", Number(c.MinimumDetectableDifference),
        $"{P(c.PaperProtocol.PValue)} ({Number(c.PaperProtocol.DegreesOfFreedom, "0.0")})", c.Significant ? "significant" : "",
    ];

    /// <summary>What each statistic of the comparison table is, one line each, printed under the table.</summary>
    public static IReadOnlyList<(string Name, string Meaning)> ComparisonLegend { get; } =
    [
        ("n", "prompts both models continued: the unit of replication, since the completions of one prompt are not independent"),
        ("Difference", "mean over prompts of (candidate's mean − baseline's mean on that prompt); same prompts and sampling seeds for every model"),
        ("95% CI", $"percentile bootstrap of that mean resampling prompts ({BootstrapInterval.DefaultResamples:N0} resamples, seeded); two-sided, so it can include 0 while the one-tailed test at α = 0.05 is significant"),
        ("t, df, p", "one-tailed paired t-test of H₁: candidate > baseline on the n per-prompt differences, df = n − 1"),
        ("Holm p", "p adjusted by Holm's step-down over the candidates on this criterion; significant means Holm p < 0.05"),
        ("Permutation p", $"one-tailed paired sign-flip permutation test on the same n differences (no normality assumed): the share of the 2ⁿ sign patterns whose mean difference is at least the observed one, exact up to {PermutationTest.ExactUpTo} prompts, else (MC) {PermutationTest.MonteCarloResamples:N0} seeded random patterns; not Holm-adjusted"),
        ("MDD", "minimum detectable difference: the true mean difference the paired test detects with 80% power at α = 0.05 (one-tailed), from the noncentral t with n − 1 df and the observed spread of the differences"),
        ("Paper protocol p", "the paper's test, for comparison with it only: one-tailed Welch t-test over all completions (Welch–Satterthwaite df), unpaired and uncorrected, treating a prompt's completions as independent"),
    ];

    /// <summary>The cluster table's positional columns, shown when the report knows the chunks' positions.</summary>
    public static IReadOnlyList<string> PositionHeader { get; } = ["Mean position", "First", "Last"];

    public static IReadOnlyList<string> PositionCells(ClusterSummary c) => c.Position is { } p
        ? [Number(p.MeanRelative, "0.00"), Percent(p.FirstShare), Percent(p.LastShare)]
        : ["–", "–", "–"];

    /// <summary>The clustering's positional information in one sentence.</summary>
    public static string PositionSentence(PositionInformation p) =>
        $"Position in the story (needs no labels), over {p.Chunks:N0} chunks: mutual information between cluster and position class (first / middle / last) " +
        $"{Number(p.MutualInformation)} nats of at most H(position) = {Number(p.PositionEntropy)} nats; spread of the cluster mean positions (largest − smallest) {Number(p.Spread, "0.00")}.";

    /// <summary>What each positional column is, one line each.</summary>
    public static IReadOnlyList<(string Name, string Meaning)> PositionLegend { get; } =
    [
        ("Mean position", "mean of i / (n − 1) over the cluster's chunks, chunk i (from 0) of a story's n chunks: 0 opens the story, 1 closes it (0 for a one-chunk story)"),
        ("First", "share of the cluster's chunks that open their story"),
        ("Last", "share of the cluster's chunks that close their story (a one-chunk story's chunk counts as first and last; in the mutual information it counts as first)"),
    ];

    public static IReadOnlyList<string> PlanAdherenceHeader { get; } = ["Model", "Generated chunks", "Adherence", "Chance"];

    public static IReadOnlyList<string> PlanAdherenceCells(PlanAdherenceResult a) =>
        [a.Model, $"{a.Chunks:N0}", a.Chunks == 0 ? "–" : Percent(a.Adherence), a.Chunks == 0 ? "–" : Percent(a.Chance)];

    /// <summary>What each plan-adherence column is, one line each.</summary>
    public static IReadOnlyList<(string Name, string Meaning)> PlanAdherenceLegend { get; } =
    [
        ("Generated chunks", "chunks the model wrote with a plan token of its own, over all completions (the chunk that continues the prompt's last one is left out)"),
        ("Adherence", "share of those chunks to which the fitted annotator gives the cluster of the model's own plan token"),
        ("Chance", "the share expected if the tokens were unrelated to the chunks: sum over clusters of (share of the model's tokens) × (share of the annotator's clusters)"),
    ];

    static string Percent(double share) => (100 * share).ToString("0.0", Invariant) + "%";

    static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == item) return i;
        return -1;
    }
}
