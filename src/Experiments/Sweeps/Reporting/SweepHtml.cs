using System.Net;
using System.Text;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using static Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting.SweepReportText;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

/// <summary>
/// Renders a <see cref="SweepAnalysis"/> as one self-contained HTML page in the experiment report's style: its CSS,
/// inline SVG dot-and-interval charts per factor, no scripts and no external resources.
/// </summary>
public static class SweepHtml
{
    public static string Render(SweepAnalysis a)
    {
        var h = new StringBuilder();
        var title = Title(a.Input);
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .Append($"<title>{E(title)}</title><style>{HtmlReport.Css}{Css}</style></head><body><main>")
         .Append($"<h1>{E(title)}</h1><p class=\"meta\">{E(Summary(a))}</p>");
        if (Incomplete(a) is { } incomplete) h.Append($"<p class=\"note\"><b>{E(incomplete)}</b></p>");
        h.Append($"<p class=\"headline\">{E(Primary(a))}</p>");

        h.Append("<section id=\"ranking\"><h2>Trials ranked</h2>");
        var ranking = RankingHeader(a);
        Table(h, ranking, i => i is 2 or 3 || i == ranking.Count - 1, a.Ranking.Select(r => (RankingCells(r), r.Trial.State == TrialState.Finished ? "" : $" class=\"{State(r.Trial.State)}\"")));
        h.Append(HtmlReport.Definitions(RankingLegend(a))).Append("</section>");

        h.Append($"<section id=\"tests\"><h2>Against the vanilla baseline of each size</h2><p class=\"meta\">{E(Family(a))}</p>");
        if (a.Comparisons.Count == 0)
            h.Append("<p class=\"note\">No configuration could be tested: none finished with at least 2 prompts shared with a finished baseline of its size.</p>");
        else
        {
            foreach (var (familyTitle, family) in Families(a))
            {
                h.Append($"<h3>{E(familyTitle)}</h3><table class=\"tests\"><thead><tr>").Append(string.Concat(ComparisonHeader.Select(c => $"<th>{E(c)}</th>"))).Append("</tr></thead><tbody>");
                foreach (var c in family)
                {
                    var cells = ComparisonCells(c);
                    h.Append("<tr>").Append(string.Concat(cells.Take(2).Select(v => $"<td>{E(v)}</td>")))
                     .Append(string.Concat(cells.Skip(2).SkipLast(1).Select(v => $"<td class=\"num\">{E(v)}</td>")))
                     .Append($"<td>{(c.Significant ? "<span class=\"sig\">significant</span>" : "")}</td></tr>");
                }
                h.Append("</tbody></table>");
            }
            h.Append(HtmlReport.Definitions(ReportText.ComparisonLegend));
        }
        if (a.Untested.Count > 0)
        {
            h.Append("<p class=\"meta\">Finished configurations that were not tested:</p>");
            Table(h, UntestedHeader, _ => true, a.Untested.Select(u => (UntestedCells(u), "")));
        }
        h.Append("</section>");

        h.Append($"<section id=\"factors\"><h2>Effect of each factor</h2><p class=\"meta\">{E(FactorNote(a))}</p>");
        foreach (var f in a.Factors)
        {
            var name = f.Factor;
            h.Append($"<h3>{E(name)}</h3><figure>")
             .Append(SvgCharts.DotChart($"{name}: mean difference vs vanilla on {a.PrimaryCriterion} (95% prompt-bootstrap interval)",
                 f.Levels.Select(l => l.Level).ToList(),
                 f.Levels.Select(l => l.MeanDifference is { } d ? new BarValue(d, l.Interval?.Low ?? double.NaN, l.Interval?.High ?? double.NaN) : null).ToList(),
                 0, $"difference vs vanilla ({a.PrimaryCriterion})"))
             .Append($"<figcaption>Dots: mean per-prompt difference vs the vanilla model of each configuration's size; bars: 95% percentile bootstrap over prompts; dashed line: no difference.</figcaption></figure>");
            Table(h, FactorHeader, i => i == 0, f.Levels.Select(l => (FactorCells(l), "")));
        }
        h.Append("</section>");

        h.Append($"<section id=\"paper\"><h2>The paper's table</h2><p class=\"meta\">{E(PaperNote(a))}</p>");
        Table(h, PaperHeader(a.Table), i => i < 2, a.Table.Rows.Select(r => (PaperCells(r), r.Placement == PaperTable.Vanilla ? " class=\"vanilla\"" : "")));
        h.Append("</section>");

        h.Append("<footer>Every trial, its per-prompt scores, every comparison and every factor level are in <code>results.jsonl</code> next to this file.</footer>");
        h.Append("</main></body></html>\n");
        return h.ToString();
    }

    /// <summary>A table: columns <paramref name="text"/> picks left-aligned and wrapping, the others numbers; each row with its attributes (e.g. a class).</summary>
    static void Table(StringBuilder h, IReadOnlyList<string> header, Func<int, bool> text, IEnumerable<(IReadOnlyList<string> Cells, string Attributes)> rows)
    {
        h.Append("<table><thead><tr>").Append(string.Concat(header.Select(c => $"<th>{E(c)}</th>"))).Append("</tr></thead><tbody>");
        foreach (var (cells, attributes) in rows)
            h.Append($"<tr{attributes}>").Append(string.Concat(cells.Select((v, i) => text(i) ? $"<td>{E(v)}</td>" : $"<td class=\"num\">{E(v)}</td>"))).Append("</tr>");
        h.Append("</tbody></table>");
    }

    // Trials that did not finish are greyed so that no reader takes their row for a finished one.
    const string Css = """
        tr.pruned td, tr.pending td, tr.running td { color: #7a808a; }
        tr.failed td { color: #D55E00; }
        tr.vanilla td { font-style: italic; }
        """;

    static string E(string s) => WebUtility.HtmlEncode(s);
}
