using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Experiments.Running;

namespace Microsoft.ML.SemanticContext.Cli;

/// <summary>The table printed at the end of <c>sctok experiment</c>; the report files hold the full results.</summary>
public static class ExperimentSummaryPrinter
{
    public static void Print(ExperimentSummary summary, TextWriter output)
    {
        var e = summary.Evaluation;
        output.WriteLine();
        output.WriteLine($"{"model",-22} {"perplexity",10} {"distinct-2",10} {"repetition",10} {"prompt sim.",12}" + (e.Judge is null ? "" : $" {"judge overall",16}"));
        foreach (var m in e.Offline)
        {
            var judged = e.Scores.FirstOrDefault(s => s.Model == m.Model)?.Criteria.GetValueOrDefault("overall");
            output.WriteLine($"{m.Model,-22} {ReportText.Number(m.HeldOutPerplexity, "0.00"),10} {m.Distinct2,10:0.000} {ReportText.Score(m.Repetition),10} {ReportText.Score(m.PromptSimilarity),12}"
                + (e.Judge is null ? "" : $" {ReportText.Score(judged),16}"));
        }
        foreach (var c in e.Comparisons.Where(c => c.Criterion is "overall" or ExperimentEvaluation.ProxyCriterion))
            output.WriteLine($"{c.Candidate} vs {c.Baseline} on {c.Criterion}: mean per-prompt difference {ReportText.Signed(c.Test.Difference)} (n = {c.Test.Prompts} prompts), " +
                $"paired one-tailed {ReportText.PIs("p", c.Test.PValue)}, {ReportText.PIs("Holm p", c.HolmAdjustedP)}, permutation {ReportText.PIs("p", c.Permutation.PValue)}, MDD {ReportText.Number(c.MinimumDetectableDifference)}; " +
                $"paper's Welch over completions {ReportText.PIs("p", c.PaperProtocol.PValue)}");
        output.WriteLine($"report: {Path.Combine(summary.Directory, ExperimentReportWriter.HtmlFileName)}  (wall time {ReportText.Duration(summary.WallTime)})");
    }
}
