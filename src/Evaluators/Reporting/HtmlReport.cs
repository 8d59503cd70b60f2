using System.Net;
using System.Text;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using static Microsoft.ML.SemanticContext.Evaluators.Reporting.ReportText;

namespace Microsoft.ML.SemanticContext.Evaluators.Reporting;

/// <summary>
/// Renders <see cref="ExperimentReport"/> as one self-contained HTML page: inline CSS, inline SVG charts, no
/// scripts and no external resources, so it can be mailed, archived or opened offline.
/// </summary>
public static class HtmlReport
{
    public static string Render(ExperimentReport r)
    {
        var models = Models(r);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .Append($"<title>{E(r.Title)}</title><style>{Css}</style></head><body><main>");
        Header(h, r);
        Scores(h, r, models);
        Comparisons(h, r);
        Offline(h, r);
        Perplexity(h, r);
        PlanAdherence(h, r);
        Training(h, r, models);
        Clusters(h, r);
        Stories(h, r, models);
        Settings(h, r);
        h.Append("<footer>Every sample, grade, judge reply and metric is in <code>results.jsonl</code> next to this file.</footer>");
        h.Append("</main></body></html>\n");
        return h.ToString();
    }

    static void Header(StringBuilder h, ExperimentReport r)
    {
        h.Append($"<h1>{E(r.Title)}</h1><p class=\"meta\">Created {r.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        if (r.WallTime is { } t) h.Append($" · wall time {E(Duration(t))}");
        h.Append($" · baseline <b>{E(r.BaselineModel)}</b></p>");
        if (Headline(r) is { } headline) h.Append($"<p class=\"headline\">{E(headline)}</p>");
    }

    static void Scores(StringBuilder h, ExperimentReport r, IReadOnlyList<string> models)
    {
        h.Append("<section id=\"scores\"><h2>Judge scores</h2>");
        if (r.Judge is null || r.Scores.Count == 0)
        {
            h.Append("<p class=\"note\">No LLM judge was configured, so there are no judge scores. The offline metrics below are automatic proxies. ")
             .Append($"To grade with an LLM, set <code>{LlmJudgeOptions.Defaults.ApiKeyVariable}</code> (and <code>{LlmJudgeOptions.Defaults.EndpointVariable}</code> for a non-OpenAI server) and pass <code>--judge</code>.</p></section>");
            return;
        }
        var j = r.Judge;
        h.Append($"<p class=\"meta\">Judge <b>{E(j.Model)}</b> at {E(j.EndpointHost)}, rubric <code>{E(j.RubricVersion)}</code> (TinyStories two-turn protocol, grades 1–10). ")
         .Append($"Mean ± standard error over graded completions. {j.Unparseable} unparseable repl{(j.Unparseable == 1 ? "y" : "ies")} excluded; {j.FromCache} judgment(s) reused from the cache.</p>");
        if (JudgeIncomplete(j) is { } incomplete) h.Append($"<p class=\"note\"><b>{E(incomplete)}</b></p>");
        var criteria = ScoreStatistics.Criteria.Where(c => r.Scores.Any(s => s.Criteria.ContainsKey(c))).ToList();
        var best = criteria.ToDictionary(c => c, c => r.Scores.Select(s => s.Criteria.GetValueOrDefault(c)?.Mean ?? double.NegativeInfinity).Max());
        h.Append("<table class=\"scores\"><thead><tr><th>Model</th>");
        foreach (var c in criteria) h.Append($"<th>{E(CriterionTitle(c))}</th>");
        h.Append("<th>Graded</th><th>Unparseable</th></tr></thead><tbody>");
        foreach (var s in r.Scores)
        {
            h.Append($"<tr><td>{Swatch(models, s.Model)}{E(s.Model)}</td>");
            foreach (var c in criteria)
            {
                var v = s.Criteria.GetValueOrDefault(c);
                var isBest = v is not null && r.Scores.Count > 1 && v.Mean == best[c];
                h.Append($"<td class=\"num\">{(isBest ? "<b>" : "")}{E(Score(v))}{(isBest ? "</b>" : "")}</td>");
            }
            h.Append($"<td class=\"num\">{s.Graded}</td><td class=\"num\">{s.Unparseable}</td></tr>");
        }
        h.Append("</tbody></table>");
        var series = r.Scores.Select(s => (s.Model, ModelColor(models, s.Model),
            (IReadOnlyList<BarValue?>)criteria.Select(c => s.Criteria.GetValueOrDefault(c) is { } v ? new BarValue(v.Mean, v.CiLow, v.CiHigh) : null).ToList())).ToList();
        h.Append("<figure>").Append(SvgCharts.BarChart("Judge scores by criterion (error bars: 95% CI)", criteria.Select(CriterionTitle).ToList(), series, 0, 10, "grade (1–10)"))
         .Append("<figcaption>Mean grade per criterion; error bars show the 95% Student-t confidence interval.</figcaption></figure></section>");
    }

    static void Comparisons(StringBuilder h, ExperimentReport r)
    {
        if (r.Comparisons.Count == 0) return;
        h.Append($"<section id=\"tests\"><h2>Against the baseline ({E(r.BaselineModel)})</h2>")
         .Append("<p class=\"meta\">Paired by prompt: each candidate against the baseline on the per-prompt mean differences.</p>")
         .Append("<table class=\"tests\"><thead><tr>").Append(string.Concat(ComparisonHeader.Select(c => $"<th>{E(c)}</th>"))).Append("</tr></thead><tbody>");
        foreach (var c in r.Comparisons)
        {
            var cells = ComparisonCells(c);
            h.Append("<tr>").Append(string.Concat(cells.Take(2).Select(v => $"<td>{E(v)}</td>")))
             .Append(string.Concat(cells.Skip(2).SkipLast(1).Select(v => $"<td class=\"num\">{E(v)}</td>")))
             .Append($"<td>{(c.Significant ? "<span class=\"sig\">significant</span>" : "")}</td></tr>");
        }
        h.Append("</tbody></table>").Append(Definitions(ComparisonLegend)).Append("</section>");
    }

    static void Offline(StringBuilder h, ExperimentReport r)
    {
        h.Append("<section id=\"offline\"><h2>Offline metrics <span class=\"proxy\">automatic proxies</span></h2>");
        if (r.OfflineMetrics.Count == 0)
        {
            h.Append("<p class=\"note\">No offline metrics were computed for this run.</p></section>");
            return;
        }
        h.Append($"<p class=\"meta\">Each is an {OfflineMetricInfo.ProxyNote}; ↑ higher is better, ↓ lower is better. Prompt similarity uses {E(r.OfflineMetrics[0].Embedder)}.</p>")
         .Append("<table class=\"offline\"><thead><tr><th>Model</th>");
        foreach (var m in OfflineMetricInfo.All) h.Append($"<th title=\"{E(m.Description)}\">{E(m.Label)} {Arrow(m)}</th>");
        h.Append("</tr></thead><tbody>");
        foreach (var m in r.OfflineMetrics)
            h.Append($"<tr><td>{E(m.Model)}</td><td class=\"num\">{E(Number(m.HeldOutPerplexity, "0.00"))}</td><td class=\"num\">{E(Number(m.Distinct1))}</td>")
             .Append($"<td class=\"num\">{E(Number(m.Distinct2))}</td><td class=\"num\">{E(Number(m.Distinct3))}</td><td class=\"num\">{E(Score3(m.Repetition))}</td>")
             .Append($"<td class=\"num\">{E(Score3(m.PromptSimilarity))}</td><td class=\"num\">{E(Score3(m.NamesCarried))}</td></tr>");
        h.Append("</tbody></table><dl class=\"defs\">");
        foreach (var m in OfflineMetricInfo.All) h.Append($"<dt>{E(m.Label)}</dt><dd>{E(m.Description)}</dd>");
        h.Append("</dl></section>");
    }

    static void Perplexity(StringBuilder h, ExperimentReport r)
    {
        h.Append($"<section id=\"perplexity\"><h2>{E(PerplexitySection.Title)}</h2>");
        if (r.Perplexity.Count == 0)
        {
            h.Append("<p class=\"note\">No held-out perplexity was computed for this run.</p></section>");
            return;
        }
        h.Append($"<p class=\"meta\">{E(PerplexitySection.Explanation[0])}</p><p class=\"meta\">{E(PerplexitySection.Explanation[1])}</p><ul class=\"meta\">");
        foreach (var line in PerplexitySection.Explanation.Skip(2)) h.Append($"<li>{E(line)}</li>");
        h.Append("</ul><table class=\"perplexity\"><thead><tr><th>Model</th><th>Figure</th><th>Perplexity ↓</th><th>Mean NLL</th><th>Plain-text tokens (N)</th><th>Plan tokens</th><th>Stories</th></tr></thead><tbody>");
        foreach (var p in r.Perplexity)
            h.Append($"<tr{(p.Diagnostic ? " class=\"diagnostic\"" : "")}><td>{E(p.Model)}</td><td>{(p.Diagnostic ? $"<em>{E(p.Figure)}</em>" : E(p.Figure))}</td>")
             .Append($"<td class=\"num\">{E(Number(p.Perplexity, "0.00"))}</td><td class=\"num\">{E(Number(p.MeanNegativeLogLikelihood, "0.0000"))}</td>")
             .Append($"<td class=\"num\">{p.PlainTokens:N0}</td><td class=\"num\">{p.PlanTokens:N0}</td><td class=\"num\">{p.Texts:N0}</td></tr>");
        h.Append("</tbody></table></section>");
    }

    static void PlanAdherence(StringBuilder h, ExperimentReport r)
    {
        if (r.PlanAdherence.Count == 0) return;
        h.Append("<section id=\"adherence\"><h2>Plan adherence</h2>")
         .Append("<p class=\"meta\">Does each cluster-token model write the chunks its own plan tokens announce? Its generated chunks are given to its fitted annotator.</p>")
         .Append("<table class=\"adherence\"><thead><tr>").Append(string.Concat(PlanAdherenceHeader.Select(c => $"<th>{E(c)}</th>"))).Append("</tr></thead><tbody>");
        foreach (var a in r.PlanAdherence)
        {
            var cells = PlanAdherenceCells(a);
            h.Append($"<tr><td>{E(cells[0])}</td>").Append(string.Concat(cells.Skip(1).Select(v => $"<td class=\"num\">{E(v)}</td>"))).Append("</tr>");
        }
        h.Append("</tbody></table>").Append(Definitions(PlanAdherenceLegend)).Append("</section>");
    }

    static void Training(StringBuilder h, ExperimentReport r, IReadOnlyList<string> models)
    {
        h.Append("<section id=\"training\"><h2>Training</h2>");
        var curves = r.TrainingCurves.Where(c => c.Train.Count + c.Validation.Count > 0).ToList();
        if (curves.Count == 0)
        {
            h.Append("<p class=\"note\">No loss curves were recorded.</p></section>");
            return;
        }
        var series = curves.SelectMany(c => new[]
        {
            new LineSeries($"{c.Model} train", ModelColor(models, c.Model), false, c.Train),
            new LineSeries($"{c.Model} validation", ModelColor(models, c.Model), true, c.Validation),
        }).Where(s => s.Points.Count > 0).ToList();
        var legend = curves.Select(c => (c.Model, ModelColor(models, c.Model), false))
            .Append(("train", "#777", false)).Append(("validation", "#777", true)).ToList();
        h.Append("<figure>").Append(SvgCharts.LineChart("Training and validation loss", series, legend, "step", "cross-entropy loss"))
         .Append($"<figcaption>Solid: training loss; dashed with dots: validation loss. {E(TrainingNote)}</figcaption></figure>")
         .Append("<table class=\"training\"><thead><tr><th>Model</th><th>Optimiser steps</th><th>Final train loss</th><th>Best validation loss</th><th>At step</th></tr></thead><tbody>");
        foreach (var c in curves)
        {
            var bestVal = c.Validation.OrderBy(p => p.Loss).FirstOrDefault();
            h.Append($"<tr><td>{Swatch(models, c.Model)}{E(c.Model)}</td><td class=\"num\">{E(Number(c.Train.LastOrDefault()?.Step, "0"))}</td>")
             .Append($"<td class=\"num\">{E(Number(c.Train.LastOrDefault()?.Loss, "0.0000"))}</td>")
             .Append($"<td class=\"num\">{E(ValidationLoss(c, bestVal))}</td><td class=\"num\">{E(Number(c.BestStep ?? bestVal?.Step, "0"))}</td></tr>");
        }
        h.Append("</tbody></table></section>");
    }

    static void Clusters(StringBuilder h, ExperimentReport r)
    {
        h.Append("<section id=\"clusters\"><h2>Clusters</h2>");
        if (r.Clusters is not { } k)
        {
            h.Append("<p class=\"note\">No cluster report (the run had no cluster-token model).</p></section>");
            return;
        }
        var total = Math.Max(1, k.Clusters.Sum(c => c.Size));
        h.Append($"<p class=\"meta\">k = {k.K}, {E(k.Placement)}, {k.SentencesPerChunk}-sentence chunks");
        if (k.Silhouette is { } s) h.Append($" · silhouette {E(Number(s))}");
        if (k.Nmi is { } n) h.Append($" · NMI {E(Number(n))}");
        h.Append(".</p>");
        if (k.Positions is { } p) h.Append($"<p class=\"meta\">{E(PositionSentence(p))}</p>");
        h.Append("<table class=\"clusters\"><thead><tr><th>Token</th><th>Chunks</th>")
         .Append(k.Positions is null ? "" : string.Concat(PositionHeader.Select(c => $"<th>{E(c)}</th>")))
         .Append("<th>Top terms</th><th>Examples</th></tr></thead><tbody>");
        foreach (var c in k.Clusters.OrderBy(c => c.Id))
        {
            h.Append($"<tr><td>{PlanToken(c.Id)}</td><td class=\"num\">{c.Size} ({100.0 * c.Size / total:0.0}%)</td>")
             .Append(k.Positions is null ? "" : string.Concat(PositionCells(c).Select(v => $"<td class=\"num\">{E(v)}</td>")))
             .Append($"<td>{(c.TopTerms.Count == 0 ? "–" : E(string.Join(", ", c.TopTerms)))}</td><td><ul>");
            foreach (var ex in c.Examples) h.Append($"<li>{E(ex)}</li>");
            h.Append("</ul></td></tr>");
        }
        h.Append("</tbody></table>");
        if (k.Positions is not null) h.Append(Definitions(PositionLegend));
        h.Append("</section>");
    }

    /// <summary>A definition list: one line per statistic saying what it is.</summary>
    public static string Definitions(IEnumerable<(string Name, string Meaning)> legend) =>
        "<dl class=\"defs\">" + string.Concat(legend.Select(l => $"<dt>{E(l.Name)}</dt><dd>{E(l.Meaning)}</dd>")) + "</dl>";

    static void Stories(StringBuilder h, ExperimentReport r, IReadOnlyList<string> models)
    {
        h.Append("<section id=\"stories\"><h2>Generated stories</h2>");
        var shown = ShownStories(r, models);
        if (shown.Count == 0)
        {
            h.Append("<p class=\"note\">No generated samples.</p></section>");
            return;
        }
        h.Append("<p class=\"meta\">The same beginnings for every model (first sample of each). Grey: the given beginning (with the plan tokens the annotator gave it, faded); ")
         .Append("black: the model's continuation, with the plan tokens it wrote as coloured tags. Plan tokens are stripped before evaluation unless the run kept them.</p>");
        foreach (var (promptId, prompt, byModel) in shown)
        {
            h.Append($"<article class=\"prompt\"><h3>Prompt {E(promptId)}</h3><p class=\"prompt-text\">{E(prompt)}</p><div class=\"cards\">");
            foreach (var s in byModel)
            {
                h.Append($"<div class=\"card\" style=\"border-top-color:{ModelColor(models, s.Model)}\"><div class=\"card-head\"><b>{E(s.Model)}</b> <span class=\"meta\">seed {s.Seed}</span></div>")
                 .Append($"<p class=\"story\">{Highlight(s.Prompt, s.Generated.Trim())}</p>");
                if (s.Judgment is { } j)
                    h.Append(j.Grades is { } g
                        ? $"<p class=\"grades\">grammar {g.Grammar:0.#} · creativity {g.Creativity:0.#} · consistency {g.Consistency:0.#}{(g.Plot is { } p ? $" · plot {p:0.#}" : "")}</p>"
                        : "<p class=\"grades unparsed\">judge reply had no readable grades</p>");
                h.Append("</div>");
            }
            h.Append("</div></article>");
        }
        h.Append("</section>");
    }

    static void Settings(StringBuilder h, ExperimentReport r)
    {
        h.Append("<section id=\"settings\"><h2>Configuration</h2><table class=\"settings\"><tbody>");
        foreach (var s in r.Settings) h.Append($"<tr><th>{E(s.Name)}</th><td>{E(s.Value)}</td></tr>");
        h.Append("</tbody></table></section>");
    }

    /// <summary>The story with plan tokens as coloured tags; a leading copy of the prompt (and its given tokens) is greyed.</summary>
    static string Highlight(string prompt, string text)
    {
        var sb = new StringBuilder();
        foreach (var piece in PlanTokens.SplitStory(prompt, text))
        {
            if (piece.ClusterId is { } id) sb.Append(PlanToken(id, piece.InPrompt));
            else if (piece.InPrompt) sb.Append($"<span class=\"given\">{E(piece.Text)}</span>");
            else sb.Append(E(piece.Text));
        }
        return sb.ToString();
    }

    static string PlanToken(int id, bool given = false) =>
        $"<span class=\"plan{(given ? " given-plan" : "")}\" style=\"background:{ClusterColor(id)};border-color:{ClusterBorder(id)}\">&lt;cluster_{id}&gt;</span>";

    static string Swatch(IReadOnlyList<string> models, string model) => $"<span class=\"swatch\" style=\"background:{ModelColor(models, model)}\"></span>";

    static string Arrow(OfflineMetricInfo m) => m.HigherIsBetter switch { true => "↑", false => "↓", null => "" };

    static string Score3(ScoreSummary s) => s.Count == 0 ? "–" : s.Count == 1 ? Number(s.Mean) : $"{Number(s.Mean)} ± {Number(s.StandardError)}";

    static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>The page style every HTML report shares.</summary>
    public const string Css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f4f5f7; color: #1d1f23; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #e6e8eb; }
        h3 { font-size: 15px; margin: 0 0 6px; color: #444; }
        .meta { color: #5c6370; font-size: 13px; margin: 4px 0 10px; }
        .headline { background: #eef6ff; border-left: 4px solid #0072B2; padding: 10px 14px; border-radius: 4px; }
        .note { background: #fff8e6; border-left: 4px solid #E69F00; padding: 8px 12px; border-radius: 4px; }
        .proxy { font-size: 12px; font-weight: 600; color: #8a5a00; background: #fff1d0; padding: 2px 8px; border-radius: 10px; vertical-align: middle; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
        th, td { border-bottom: 1px solid #e6e8eb; padding: 6px 10px; text-align: left; vertical-align: top; }
        thead th { background: #f0f2f5; font-weight: 600; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        tbody td:first-child { white-space: nowrap; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .settings th { width: 28%; background: #f7f8fa; font-weight: 500; }
        .sig { color: #fff; background: #009E73; padding: 1px 8px; border-radius: 10px; font-size: 12px; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
        figure { margin: 12px 0; }
        figcaption { color: #5c6370; font-size: 13px; }
        svg.chart { max-width: 100%; height: auto; font-family: inherit; }
        svg .tick { font-size: 11px; fill: #555; }
        svg .axis { font-size: 12px; fill: #333; }
        svg .legend { font-size: 12px; fill: #222; }
        .clusters ul { margin: 0; padding-left: 18px; }
        .clusters li { margin: 2px 0; font-size: 13px; }
        .plan { display: inline-block; font: 600 12px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; border: 1px solid; border-radius: 4px; padding: 0 4px; margin: 0 2px; color: #1d1f23; }
        .prompt { margin: 18px 0; }
        .prompt-text { color: #5c6370; font-style: italic; margin: 0 0 8px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }
        .card { border: 1px solid #e0e3e7; border-top: 4px solid; border-radius: 6px; padding: 10px 12px; background: #fff; }
        .card-head { margin-bottom: 4px; }
        .story { margin: 4px 0; white-space: pre-wrap; }
        .given { color: #7a808a; }
        .plan.given-plan { opacity: 0.55; }
        .grades { font-size: 13px; color: #333; margin: 6px 0 0; }
        .unparsed { color: #D55E00; }
        dl.defs { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 13px; color: #444; }
        dl.defs dt { font-weight: 600; }
        dl.defs dd { margin: 0; }
        footer { margin-top: 36px; color: #5c6370; font-size: 13px; }
        code { background: #f0f2f5; padding: 0 4px; border-radius: 3px; }
        """;
}
