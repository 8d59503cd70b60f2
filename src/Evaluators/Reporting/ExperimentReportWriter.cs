using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Evaluators.Reporting;

/// <summary>Paths of the files one report consists of.</summary>
public sealed record ReportFiles(string Markdown, string Html, string ResultsJsonl);

/// <summary>
/// Writes report.md, report.html and results.jsonl into a folder, each atomically, so a reader (or a crash)
/// never sees half a report.
/// </summary>
public static class ExperimentReportWriter
{
    public const string MarkdownFileName = "report.md";
    public const string HtmlFileName = "report.html";
    public const string ResultsFileName = "results.jsonl";

    public static ReportFiles Write(ExperimentReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var files = new ReportFiles(
            Path.Combine(directory, MarkdownFileName),
            Path.Combine(directory, HtmlFileName),
            Path.Combine(directory, ResultsFileName));
        // results.jsonl first: if rendering fails later, the raw data is already safe on disk.
        AtomicFile.Write(files.ResultsJsonl, s => ResultsJsonl.Write(report, s));
        AtomicFile.WriteAllText(files.Markdown, MarkdownReport.Render(report));
        AtomicFile.WriteAllText(files.Html, HtmlReport.Render(report));
        return files;
    }
}
