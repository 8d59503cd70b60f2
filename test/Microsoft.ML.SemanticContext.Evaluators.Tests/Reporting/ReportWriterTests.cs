using System.Text.Json;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Reporting;

public sealed class ReportWriterTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("sctok-report-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void WritesAllThreeFilesAndLeavesNoTemporaries()
    {
        var files = ExperimentReportWriter.Write(SyntheticReport.Create(), folder);
        Assert.True(File.Exists(files.Markdown));
        Assert.True(File.Exists(files.Html));
        Assert.True(File.Exists(files.ResultsJsonl));
        Assert.Equal(3, Directory.GetFiles(folder).Length);
    }

    [Fact]
    public void ResultsJsonlHoldsEverySampleAndEverySummaryLine()
    {
        var report = SyntheticReport.Create();
        var files = ExperimentReportWriter.Write(report, folder);
        var lines = File.ReadAllLines(files.ResultsJsonl).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string Kind(JsonElement e) => e.GetProperty("record").GetString()!;

        Assert.Equal("experiment", Kind(lines[0]));
        Assert.Equal(90, lines.Count(l => Kind(l) == "sample"));
        Assert.Equal(3, lines.Count(l => Kind(l) == "model_scores"));
        Assert.Equal(3, lines.Count(l => Kind(l) == "offline_metrics"));
        Assert.Equal(report.Comparisons.Count, lines.Count(l => Kind(l) == "comparison"));
        var first = lines.First(l => Kind(l) == "sample" && l.GetProperty("model").GetString() == "k5-prepend-2s");
        Assert.Contains("<cluster_", first.GetProperty("generated").GetString());
        Assert.DoesNotContain("<cluster_", first.GetProperty("judged").GetString());
        Assert.True(first.GetProperty("judge").TryGetProperty("grade_reply", out _));
        Assert.Equal(report.Scores[0].Criteria["overall"].Mean,
            lines.First(l => Kind(l) == "model_scores").GetProperty("overall").GetProperty("mean").GetDouble(), 12);
    }

    [Fact]
    public void MarkdownHasTheSummaryTablesAndStoriesWithPlanTokens()
    {
        var md = File.ReadAllText(ExperimentReportWriter.Write(SyntheticReport.Create(), folder).Markdown);
        Assert.Contains("| Model | Grammar | Creativity | Consistency | Plot | Overall | Graded | Unparseable |", md);
        Assert.Contains("## Offline metrics (automatic proxies)", md);
        Assert.Contains("`<cluster_", md);
        Assert.Contains("over 6 prompts", md);
        Assert.Contains("| Candidate | Criterion | n | Difference | 95% CI | t | df | p | Holm p | Permutation p | MDD | Paper protocol p (Welch, df) | Significant (Holm p < 0.05) |", md);
        foreach (var (name, meaning) in ReportText.ComparisonLegend) Assert.Contains($"- **{name}**: {meaning}.", md);
        Assert.Contains("| `<cluster_4>` | 301 (18.2%) |", md);
    }

    [Fact]
    public void HtmlEscapesTextAndHasNoExternalResources()
    {
        var html = File.ReadAllText(ExperimentReportWriter.Write(SyntheticReport.Create(), folder).Html);
        Assert.Contains("&lt;unk&gt;", html);                 // masked cluster examples are text, not tags
        Assert.DoesNotContain("<unk>", html);
        Assert.Contains("&amp; proud &lt;3", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
    }

    [Fact]
    public void WithoutAJudgeTheReportSaysHowToGetOneAndStillShowsProxies()
    {
        var html = File.ReadAllText(ExperimentReportWriter.Write(SyntheticReport.Create(withJudge: false), folder).Html);
        Assert.Contains("No LLM judge was configured", html);
        Assert.Contains("OPENAI_API_KEY", html);
        Assert.Contains("automatic proxies", html);
    }

    [Fact]
    public void WithoutJudgeScoresTheHeadlineReportsTheTestedProxy()
    {
        var report = SyntheticReport.Create(withJudge: false);
        // Sample ids are model/prompt/sample.
        var proxy = report.OfflineMetrics.ToDictionary(m => m.Model, m => (IReadOnlyList<PromptScore>)m.Samples
            .Where(s => s.PromptSimilarity is not null).Select(s => new PromptScore(s.Id.Split('/')[1], s.PromptSimilarity!.Value)).ToList());
        report = report with { Comparisons = ScoreStatistics.CompareWithBaseline("vanilla", proxy, "prompt similarity (proxy)", seed: 1) };

        var md = File.ReadAllText(ExperimentReportWriter.Write(report, folder).Markdown);

        var best = report.Comparisons.MaxBy(c => c.Test.Difference)!;
        Assert.Contains($"> {best.Candidate} vs vanilla on prompt similarity (proxy): mean per-prompt difference {ReportText.Signed(best.Test.Difference)} over 6 prompts", md);
    }
}
