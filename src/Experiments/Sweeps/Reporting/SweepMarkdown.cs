using System.Text;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using static Microsoft.ML.SemanticContext.Evaluators.Reporting.MarkdownReport;
using static Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting.SweepReportText;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

/// <summary>Renders a <see cref="SweepAnalysis"/> as GitHub-flavoured Markdown: the same tables as the HTML page, without charts.</summary>
public static class SweepMarkdown
{
    public static string Render(SweepAnalysis a)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {Cell(Title(a.Input))}").AppendLine();
        md.AppendLine(Cell(Summary(a))).AppendLine();
        if (Incomplete(a) is { } incomplete) md.AppendLine($"> **{Cell(incomplete)}**").AppendLine();
        md.AppendLine(Primary(a)).AppendLine();

        md.AppendLine("## Trials ranked").AppendLine();
        Table(md, RankingHeader(a), a.Ranking.Select(RankingCells));
        Legend(md, RankingLegend(a));

        md.AppendLine("## Against the vanilla baseline of each size").AppendLine();
        md.AppendLine(Family(a)).AppendLine();
        if (a.Comparisons.Count == 0) md.AppendLine("No configuration could be tested: none finished with at least 2 prompts shared with a finished baseline of its size.").AppendLine();
        else
        {
            foreach (var (title, family) in Families(a))
            {
                md.AppendLine($"### {Cell(title)}").AppendLine();
                Table(md, ComparisonHeader, family.Select(c => (IReadOnlyList<string>)[.. ComparisonCells(c).SkipLast(1), c.Significant ? "**significant**" : ""]));
            }
            Legend(md, ReportText.ComparisonLegend);
        }
        if (a.Untested.Count > 0)
        {
            md.AppendLine("Finished configurations that were not tested:").AppendLine();
            Table(md, UntestedHeader, a.Untested.Select(UntestedCells));
        }

        md.AppendLine("## Effect of each factor").AppendLine();
        md.AppendLine(FactorNote(a)).AppendLine();
        foreach (var f in a.Factors)
        {
            md.AppendLine($"### {f.Factor}").AppendLine();
            Table(md, FactorHeader, f.Levels.Select(FactorCells));
        }

        md.AppendLine("## The paper's table").AppendLine();
        md.AppendLine(PaperNote(a)).AppendLine();
        Table(md, PaperHeader(a.Table), a.Table.Rows.Select(PaperCells));

        md.AppendLine(Footer);
        return md.ToString();
    }
}
