using System.Text;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using static Microsoft.ML.SemanticContext.Evaluators.Reporting.ReportText;

namespace Microsoft.ML.SemanticContext.Evaluators.Reporting;

/// <summary>Renders <see cref="ExperimentReport"/> as GitHub-flavoured Markdown: the same tables as the HTML page, without charts.</summary>
public static class MarkdownReport
{
    public static string Render(ExperimentReport r)
    {
        var models = Models(r);
        var md = new StringBuilder();
        md.AppendLine($"# {Cell(r.Title)}").AppendLine();
        md.Append($"Created {r.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        if (r.WallTime is { } t) md.Append($" · wall time {Duration(t)}");
        md.AppendLine($" · baseline **{Cell(r.BaselineModel)}**").AppendLine();
        if (Headline(r) is { } headline) md.AppendLine($"> {Cell(headline)}").AppendLine();

        md.AppendLine("## Judge scores").AppendLine();
        if (r.Judge is null || r.Scores.Count == 0)
            md.AppendLine($"No LLM judge was configured, so there are no judge scores; the offline metrics below are automatic proxies. " +
                          $"To grade with an LLM, set `{LlmJudgeOptions.Defaults.ApiKeyVariable}` (and `{LlmJudgeOptions.Defaults.EndpointVariable}` for a non-OpenAI server) and pass `--judge`.").AppendLine();
        else
        {
            var j = r.Judge;
            md.AppendLine($"Judge **{Cell(j.Model)}** at {Cell(j.EndpointHost)}, rubric `{j.RubricVersion}`; mean ± standard error. " +
                          $"{j.Unparseable} unparseable repl{(j.Unparseable == 1 ? "y" : "ies")} excluded; {j.FromCache} judgment(s) from the cache.").AppendLine();
            if (JudgeIncomplete(j) is { } incomplete) md.AppendLine($"> **{Cell(incomplete)}**").AppendLine();
            var criteria = ScoreStatistics.Criteria.Where(cr => r.Scores.Any(s => s.Criteria.ContainsKey(cr))).ToList();
            Table(md, ["Model", .. criteria.Select(CriterionTitle), "Graded", "Unparseable"],
                r.Scores.Select(s => (IReadOnlyList<string>)[s.Model, .. criteria.Select(cr => Score(s.Criteria.GetValueOrDefault(cr))), $"{s.Graded}", $"{s.Unparseable}"]));
        }

        if (r.Comparisons.Count > 0)
        {
            md.AppendLine($"## Against the baseline ({Cell(r.BaselineModel)})").AppendLine();
            md.AppendLine("Paired by prompt: each candidate against the baseline on the per-prompt mean differences.").AppendLine();
            Table(md, ComparisonHeader, r.Comparisons.Select(x => (IReadOnlyList<string>)[.. ComparisonCells(x).SkipLast(1), x.Significant ? "**significant**" : ""]));
            Legend(md, ComparisonLegend);
        }

        md.AppendLine("## Offline metrics (automatic proxies)").AppendLine();
        if (r.OfflineMetrics.Count == 0) md.AppendLine("No offline metrics were computed for this run.").AppendLine();
        else
        {
            md.AppendLine($"Each is an {OfflineMetricInfo.ProxyNote}. Prompt similarity uses {r.OfflineMetrics[0].Embedder}.").AppendLine();
            Table(md, ["Model", .. OfflineMetricInfo.All.Select(m => m.Label + (m.HigherIsBetter == true ? " ↑" : m.HigherIsBetter == false ? " ↓" : ""))],
                r.OfflineMetrics.Select(m => (IReadOnlyList<string>)[m.Model, Number(m.HeldOutPerplexity, "0.00"), Number(m.Distinct1), Number(m.Distinct2), Number(m.Distinct3),
                    Summary3(m.Repetition), Summary3(m.PromptSimilarity), Summary3(m.NamesCarried)]));
            foreach (var m in OfflineMetricInfo.All) md.AppendLine($"- **{m.Label}**: {m.Description}.");
            md.AppendLine();
        }

        md.AppendLine($"## {PerplexitySection.Title}").AppendLine();
        if (r.Perplexity.Count == 0) md.AppendLine("No held-out perplexity was computed for this run.").AppendLine();
        else
        {
            md.AppendLine(PerplexitySection.Explanation[0]).AppendLine().AppendLine(PerplexitySection.Explanation[1]).AppendLine();
            foreach (var line in PerplexitySection.Explanation.Skip(2)) md.AppendLine($"- {line}");
            md.AppendLine();
            Table(md, ["Model", "Figure", "Perplexity ↓", "Mean NLL", "Plain-text tokens (N)", "Plan tokens", "Stories"],
                r.Perplexity.Select(p => (IReadOnlyList<string>)[p.Model, p.Diagnostic ? $"*{p.Figure}*" : p.Figure, Number(p.Perplexity, "0.00"),
                    Number(p.MeanNegativeLogLikelihood, "0.0000"), $"{p.PlainTokens:N0}", $"{p.PlanTokens:N0}", $"{p.Texts:N0}"]));
        }

        if (r.PlanAdherence.Count > 0)
        {
            md.AppendLine("## Plan adherence (automatic)").AppendLine();
            md.AppendLine("Does each cluster-token model write the chunks its own plan tokens announce? Its generated chunks are given to its fitted annotator.").AppendLine();
            Table(md, PlanAdherenceHeader, r.PlanAdherence.Select(PlanAdherenceCells));
            Legend(md, PlanAdherenceLegend);
        }

        md.AppendLine("## Training").AppendLine();
        var curves = r.TrainingCurves.Where(c => c.Train.Count + c.Validation.Count > 0).ToList();
        if (curves.Count == 0) md.AppendLine("No loss curves were recorded.").AppendLine();
        else
        {
            md.AppendLine(TrainingNote).AppendLine();
            Table(md, ["Model", "Optimiser steps", "Final train loss", "Best validation loss", "At step"], curves.Select(c =>
            {
                var best = c.Validation.OrderBy(p => p.Loss).FirstOrDefault();
                return (IReadOnlyList<string>)[c.Model, Number(c.Train.LastOrDefault()?.Step, "0"), Number(c.Train.LastOrDefault()?.Loss, "0.0000"),
                    ValidationLoss(c, best), Number(c.BestStep ?? best?.Step, "0")];
            }));
        }

        md.AppendLine("## Clusters").AppendLine();
        if (r.Clusters is not { } k) md.AppendLine("No cluster report (the run had no cluster-token model).").AppendLine();
        else AppendClusters(md, k);

        md.AppendLine("## Generated stories").AppendLine();
        var shown = ShownStories(r, models);
        if (shown.Count == 0) md.AppendLine("No generated samples.").AppendLine();
        foreach (var (promptId, prompt, byModel) in shown)
        {
            md.AppendLine($"### Prompt {promptId}").AppendLine().AppendLine($"*{Inline(prompt)}*").AppendLine();
            foreach (var s in byModel)
            {
                md.AppendLine($"**{Cell(s.Model)}** (seed {s.Seed}): {Highlight(s.Prompt, s.Generated.Trim())}").AppendLine();
                if (s.Judgment?.Grades is { } g)
                    md.AppendLine($"grammar {g.Grammar:0.#} · creativity {g.Creativity:0.#} · consistency {g.Consistency:0.#}{(g.Plot is { } p ? $" · plot {p:0.#}" : "")}").AppendLine();
                else if (s.Judgment is not null) md.AppendLine("_judge reply had no readable grades_").AppendLine();
            }
        }

        md.AppendLine("## Configuration").AppendLine();
        Table(md, ["Setting", "Value"], r.Settings.Select(s => (IReadOnlyList<string>)[s.Name, s.Value]));
        md.AppendLine("Every sample, grade, judge reply and metric is in `results.jsonl` next to this file.");
        return md.ToString();
    }

    /// <summary>A table: the first column left-aligned, the others right-aligned (numbers); cells made table-safe.</summary>
    public static void Table(StringBuilder md, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        md.AppendLine("| " + string.Join(" | ", header.Select(Cell)) + " |");
        md.AppendLine("|" + string.Concat(header.Select((_, i) => i == 0 ? "---|" : "---:|")));
        foreach (var row in rows) md.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        md.AppendLine();
    }

    static string Summary3(ScoreSummary s) => s.Count == 0 ? "–" : s.Count == 1 ? Number(s.Mean) : $"{Number(s.Mean)} ± {Number(s.StandardError)}";

    /// <summary>Text made safe for a table cell or a one-line paragraph: table cells cannot hold newlines or bare pipes.</summary>
    public static string Cell(string s) => s.Replace("\r", "").Replace("\n", " ").Replace("|", "\\|");

    static string Inline(string s) => Cell(s).Replace("*", "\\*").Replace("_", "\\_");

    /// <summary>Plan tokens as code spans; where the story starts with the prompt, <c>***</c> marks the cut, as in the judge's protocol.</summary>
    static string Highlight(string prompt, string text)
    {
        var sb = new StringBuilder();
        var inPrompt = false;
        foreach (var p in PlanTokens.SplitStory(prompt, text))
        {
            if (inPrompt && !p.InPrompt) sb.Append(@" \*\*\* ");
            inPrompt = p.InPrompt;
            sb.Append(p.ClusterId is { } id ? $"`<cluster_{id}>`" : Inline(p.Text));
        }
        return sb.ToString();
    }

    /// <summary>
    /// The cluster table (size, position in the story when known, top terms, examples) with silhouette, NMI and the
    /// positional mutual information; also written beside an annotated corpus.
    /// </summary>
    public static void AppendClusters(StringBuilder md, ClusterReport k)
    {
        md.Append($"k = {k.K}, {k.Placement}, {k.SentencesPerChunk}-sentence chunks");
        if (k.Silhouette is { } s) md.Append($" · silhouette {Number(s)}");
        if (k.Nmi is { } n) md.Append($" · NMI {Number(n)}");
        md.AppendLine(".").AppendLine();
        if (k.Positions is { } p) md.AppendLine(PositionSentence(p)).AppendLine();
        var total = Math.Max(1, k.Clusters.Sum(c => c.Size));
        IReadOnlyList<string> positions = k.Positions is null ? [] : PositionHeader;
        Table(md, ["Token", "Chunks", .. positions, "Top terms", "Examples"], k.Clusters.OrderBy(c => c.Id).Select(c => (IReadOnlyList<string>)[
            $"`<cluster_{c.Id}>`", $"{c.Size} ({100.0 * c.Size / total:0.0}%)", .. k.Positions is null ? [] : PositionCells(c),
            c.TopTerms.Count == 0 ? "–" : string.Join(", ", c.TopTerms), string.Join(" / ", c.Examples.Select(e => $"“{e}”"))]));
        if (k.Positions is not null) Legend(md, PositionLegend);
    }

    /// <summary>One bullet per statistic saying what it is.</summary>
    public static void Legend(StringBuilder md, IEnumerable<(string Name, string Meaning)> legend)
    {
        foreach (var (name, meaning) in legend) md.AppendLine($"- **{name}**: {meaning}.");
        md.AppendLine();
    }
}
