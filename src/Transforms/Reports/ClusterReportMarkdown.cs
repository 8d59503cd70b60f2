using System.Globalization;
using System.Text;

namespace Microsoft.ML.SemanticContext.Transforms.Reports;

/// <summary>Renders a <see cref="ClusterReport"/> as Markdown for people (the JSON twin is for tools).</summary>
static class ClusterReportMarkdown
{
    public static string Render(ClusterReport report)
    {
        var md = new StringBuilder();
        md.AppendLine("# Cluster report").AppendLine();
        md.AppendLine(Invariant($"{report.Stories} stories, {report.Chunks} chunks, k = {report.K}."));
        md.AppendLine(report.Silhouette is { } s
            ? Invariant($"Silhouette (Euclidean, {report.SilhouetteSampleSize} sampled chunks): {s:F3}.")
            : "Silhouette: not defined (fewer than 2 clusters).");
        if (report.Roles is { } roles)
            md.AppendLine(roles.LabelledChunks == 0
                ? $"Narrative roles: no story could be matched to its roles ({roles.SkippedStories} skipped)."
                : Invariant($"NMI between clusters and narrative roles: {roles.Nmi:F3} ({roles.LabelledChunks} labelled chunks, {roles.SkippedStories} stories skipped)."));
        md.AppendLine().AppendLine("| cluster | size | share | top terms (mean TF-IDF here / elsewhere) |").AppendLine("|---|---:|---:|---|");
        foreach (var c in report.Clusters)
            md.AppendLine(Invariant($"| `{c.Token}` | {c.Size} | {c.Share * 100:F1}% | {string.Join(", ", c.TopTerms.Select(t => Invariant($"{t.Term} ({t.MeanTfidf:F2}/{t.MeanTfidfElsewhere:F2})")))} |"));
        if (report.Roles is { LabelledChunks: > 0 } agreement)
        {
            md.AppendLine().AppendLine("## Clusters × narrative roles (chunk counts)").AppendLine();
            md.AppendLine("| cluster | " + string.Join(" | ", agreement.Roles) + " |");
            md.AppendLine("|---|" + string.Concat(agreement.Roles.Select(_ => "---:|")));
            for (int c = 0; c < agreement.Counts.Length; c++)
                md.AppendLine($"| `<cluster_{c}>` | " + string.Join(" | ", agreement.Counts[c]) + " |");
        }
        foreach (var c in report.Clusters)
        {
            md.AppendLine().AppendLine($"## `{c.Token}`: examples").AppendLine();
            foreach (var example in c.Examples) md.AppendLine($"- {example.ReplaceLineEndings(" ")}");
        }
        return md.ToString();
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
