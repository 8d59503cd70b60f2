using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

/// <summary>
/// Writes a sweep's report.md, report.html and results.jsonl into a folder, each atomically (the experiment report's
/// file names and style). The output depends on the input only: no clock is read, orders are fixed and the bootstraps
/// seeded, so an interrupted and an uninterrupted sweep with the same seeds give byte-identical reports.
/// </summary>
public static class SweepReportWriter
{
    public static ReportFiles Write(SweepReportInput input, string folder)
    {
        var analysis = SweepAnalysis.Of(input);
        Directory.CreateDirectory(folder);
        var files = new ReportFiles(
            Path.Combine(folder, ExperimentReportWriter.MarkdownFileName),
            Path.Combine(folder, ExperimentReportWriter.HtmlFileName),
            Path.Combine(folder, ExperimentReportWriter.ResultsFileName));
        // results.jsonl first: if rendering fails later, the raw data is already safe on disk.
        AtomicFile.Write(files.ResultsJsonl, s => SweepResultsJsonl.Write(analysis, s));
        AtomicFile.WriteAllText(files.Markdown, SweepMarkdown.Render(analysis));
        AtomicFile.WriteAllText(files.Html, SweepHtml.Render(analysis));
        return files;
    }
}
