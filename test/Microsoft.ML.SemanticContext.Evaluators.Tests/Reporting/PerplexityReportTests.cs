using System.Text.Json;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Reporting;

/// <summary>The held-out perplexity section says what each figure counts, by what it is divided, and marks the oracle figure as a diagnostic.</summary>
public sealed class PerplexityReportTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("sctok-report-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static ExperimentReport Report()
    {
        var report = SyntheticReport.Create();
        return report with
        {
            Perplexity =
            [
                new("vanilla", "every token counted", 27.25, 3.305, 42_698, 0, 200, false),
                new("k5-prepend-2s", "best plan counted (upper bound)", 32.3, 3.475, 42_698, 1_212, 200, false),
                new("k5-prepend-2s", "oracle plan not counted (diagnostic, leaks)", 30.5, 3.418, 42_698, 1_212, 200, true),
            ],
            TrainingCurves = report.TrainingCurves.Select(c => c with { IncludesPlanTokens = c.Model != "vanilla" }).ToList(),
        };
    }

    [Fact]
    public void MarkdownShowsEveryFigureWithItsDenominatorAndLabelsTheOracleAndPlanTokenLosses()
    {
        var md = File.ReadAllText(ExperimentReportWriter.Write(Report(), folder).Markdown);
        Assert.Contains("## Held-out perplexity", md);
        Assert.Contains("| vanilla | every token counted | 27.25 | 3.3050 | 42,698 | 0 | 200 |", md);
        Assert.Contains("| k5-prepend-2s | best plan counted (upper bound) | 32.30 | 3.4750 | 42,698 | 1,212 | 200 |", md);
        Assert.Contains("| k5-prepend-2s | *oracle plan not counted (diagnostic, leaks)* | 30.50 |", md);
        Assert.Contains("every model is divided by the same N", md);
        Assert.Contains("| Model | Optimiser steps | Final train loss | Best validation loss | At step |", md);
        var training = md.Split("## Training")[1].Split("## Clusters")[0].Split('\n');
        Assert.DoesNotContain("plan tokens", training.First(l => l.StartsWith("| vanilla |")));
        Assert.Contains("(incl. plan tokens, not comparable)", training.First(l => l.StartsWith("| k5-prepend-2s |")));
    }

    [Fact]
    public void HtmlAndResultsJsonlCarryTheSameFigures()
    {
        var files = ExperimentReportWriter.Write(Report(), folder);
        var html = File.ReadAllText(files.Html);
        Assert.Contains("<section id=\"perplexity\"><h2>Held-out perplexity</h2>", html);
        Assert.Contains("<tr class=\"diagnostic\"><td>k5-prepend-2s</td><td><em>oracle plan not counted (diagnostic, leaks)</em></td>", html);
        var lines = File.ReadAllLines(files.ResultsJsonl).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("record").GetString() == "perplexity").ToList();
        Assert.Equal([27.25, 32.3, 30.5], lines.Select(l => l.GetProperty("perplexity").GetDouble()));
        Assert.Equal([false, false, true], lines.Select(l => l.GetProperty("diagnostic").GetBoolean()));
        Assert.All(lines, l => Assert.Equal(42_698, l.GetProperty("plain_tokens").GetInt64()));
    }
}
