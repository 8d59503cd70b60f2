using System.Text.RegularExpressions;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Reporting;

/// <summary>Renders the synthetic report in a real browser: the page must load, keep its tables and charts, and screenshot.</summary>
public sealed class HtmlReportChromiumTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("sctok-chromium-report-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TheRenderedDomHasTheTablesChartsAndHighlightedPlanTokens()
    {
        var files = ExperimentReportWriter.Write(SyntheticReport.Create(), folder);

        var dom = HeadlessChromium.DumpDom(files.Html);

        foreach (var table in new[] { "scores", "tests", "offline", "training", "clusters", "settings" })
            Assert.Contains($"<table class=\"{table}\">", dom);
        Assert.Equal(2, Regex.Matches(dom, "<svg[^>]*class=\"chart\"").Count);       // score bars, loss curves
        Assert.Equal(3 * 5, Regex.Matches(dom, "<rect class=\"bar\"").Count);          // 3 models × 5 criteria
        Assert.Equal(3 * 5, Regex.Matches(dom, "<path class=\"error-bar\"").Count);
        Assert.Equal(3 * 2, Regex.Matches(dom, "<path class=\"series\"").Count);       // train + validation per model
        // Stories: 3 prompts × 2 cluster-token models × 3 plan tokens each, plus one token per cluster row.
        Assert.Equal(3 * 2 * 3 + 5, Regex.Matches(dom, "<span class=\"plan\"").Count);
        Assert.Equal(3 * 3, Regex.Matches(dom, "<div class=\"card\"").Count);
    }

    [Fact]
    public void AScreenshotIsWrittenAndIsNotBlank()
    {
        var files = ExperimentReportWriter.Write(SyntheticReport.Create(), folder);
        var png = Path.Combine(folder, "report.png");

        HeadlessChromium.Screenshot(files.Html, png, 1200, 2000);

        var bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        // Width and height from the IHDR chunk (big-endian at bytes 16..23).
        Assert.Equal(1200, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(2000, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        // A blank 1200×2000 page compresses to a few kB; tables, charts and text take far more.
        Assert.True(bytes.Length > 60_000, $"screenshot is only {bytes.Length} bytes");
        // For looking at the result by eye (or as a CI artifact): SCTOK_KEEP_REPORT_DIR=/some/folder.
        if (Environment.GetEnvironmentVariable("SCTOK_KEEP_REPORT_DIR") is { Length: > 0 } keep)
            foreach (var f in new[] { png, files.Html, files.Markdown, files.ResultsJsonl })
                File.Copy(f, Path.Combine(Directory.CreateDirectory(keep).FullName, Path.GetFileName(f)), overwrite: true);
    }
}
