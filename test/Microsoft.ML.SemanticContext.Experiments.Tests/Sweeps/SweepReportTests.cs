using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using Microsoft.ML.SemanticContext.Experiments.Running;
using Microsoft.ML.SemanticContext.Experiments.Sweeps;
using Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

namespace Microsoft.ML.SemanticContext.Experiments.Tests.Sweeps;

public sealed class SweepReportTests : IDisposable
{
    readonly string folder = TestPaths.TempDir();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void RanksFinishedByPerplexityThenPrunedThenFailed()
    {
        var a = SweepAnalysis.Of(SweepFixture.Input());
        var expected = SweepFixture.Expected.GetProperty("ranking").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(expected, a.Ranking.Select(r => r.Trial.Id).ToList());

        var rows = MarkdownTable(File.ReadAllText(Write().Markdown), "## Trials ranked");
        Assert.Equal(expected.Select(id => $"{id}").ToList(), rows.Select(r => r[1]).ToList());
        var pruned = rows.Single(r => r[3] == "pruned");
        Assert.Equal("33M/s2-k7-postpend", pruned[2]);
        Assert.Equal("–", pruned[6]);                              // no held-out perplexity, as it never finished
        Assert.Equal("–", pruned[7]);                              // nor a score
        Assert.Contains("stopped early by the tuner at step 100", pruned[^1]);
        Assert.Equal("CUDA out of memory at step 12", rows.Last()[^1]);
        // Finished trials carry their primary score and its prompt-bootstrap interval around it.
        foreach (var r in a.Ranking.Where(r => r.Score is { Prompts: >= 2 }))
            Assert.InRange(r.Score!.Mean, r.Score.Interval!.Low, r.Score.Interval.High);
        // One prompt gives a mean but no interval: resampling it would only repeat it.
        Assert.Equal("needs 2 prompts", rows.Single(r => r[2] == "1M/s1-k7-postpend")[8]);
    }

    [Fact]
    public void PrunedTrialIsNeverShownAsFinishedEvenWithFigures()
    {
        // An engine that stored a pruned trial's perplexity and scores must not get them printed as a finished trial's.
        var trials = SweepFixture.Trials().Select(t => t.State == TrialState.Pruned
            ? t with { Perplexity = 1.5, PromptScores = SweepFixture.Trials().First(x => x.Configuration.Name == "33M/s2-k7-prepend").PromptScores }
            : t).ToList();
        var a = SweepAnalysis.Of(SweepFixture.Input(trials: trials));
        Assert.Equal(TrialState.Pruned, a.Ranking[^2].Trial.State);   // after every finished trial, before the failed one
        Assert.Null(a.Ranking[^2].Score);
        Assert.DoesNotContain(a.Comparisons, c => c.Candidate == "33M/s2-k7-postpend");
        Assert.DoesNotContain("1.50", MarkdownTable(File.ReadAllText(Write(trials).Markdown), "## Trials ranked").Single(r => r[3] == "pruned"));
    }

    [Fact]
    public void ComparisonsEqualScipyWithHolmOverTheWholeSweep()
    {
        var a = SweepAnalysis.Of(SweepFixture.Input());
        var expected = SweepFixture.Expected.GetProperty("comparisons");
        foreach (var criterion in expected.EnumerateObject())
        {
            var rows = criterion.Value.EnumerateArray().ToList();
            var actual = a.Comparisons.Where(c => c.Criterion == criterion.Name).ToList();
            Assert.Equal(rows.Select(r => r.GetProperty("configuration").GetString()).Order(StringComparer.Ordinal), actual.Select(c => c.Candidate).Order(StringComparer.Ordinal));
            foreach (var row in rows)
            {
                var c = actual.Single(x => x.Candidate == row.GetProperty("configuration").GetString());
                Assert.Equal(row.GetProperty("baseline").GetString(), c.Baseline);
                Assert.Equal(row.GetProperty("prompts").GetInt32(), c.Test.Prompts);
                Assert.Equal(row.GetProperty("df").GetDouble(), c.Test.DegreesOfFreedom);
                Assert.Equal(row.GetProperty("difference").GetDouble(), c.Test.Difference, 1e-9);
                Assert.Equal(row.GetProperty("sd").GetDouble(), c.Test.StandardDeviation, 1e-9);
                Assert.Equal(row.GetProperty("t").GetDouble(), c.Test.T, 1e-9);
                Assert.Equal(row.GetProperty("p").GetDouble(), c.Test.PValue, 1e-9);
                Assert.Equal(row.GetProperty("p_holm").GetDouble(), c.HolmAdjustedP, 1e-9);
                // The noncentral-t power integral is a 256-node quadrature, documented to agree with scipy's nct to ~1e-7.
                Assert.Equal(row.GetProperty("mdd").GetDouble(), c.MinimumDetectableDifference, 1e-6);
                Assert.InRange(c.Test.Difference, c.Bootstrap.Low, c.Bootstrap.High);
            }
        }
        var notTestable = SweepFixture.Expected.GetProperty("not_testable").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(notTestable, a.Untested.Select(u => u.Configuration).Distinct());
        Assert.All(a.Untested, u => Assert.Equal("not testable: 1 prompt shared with 1M/vanilla (a paired test needs at least 2)", u.Reason));
    }

    [Fact]
    public void FactorEffectsMatchTheReferenceAndFindThePlantedPrependEffect()
    {
        var a = SweepAnalysis.Of(SweepFixture.Input());
        foreach (var factor in SweepFixture.Expected.GetProperty("factors").EnumerateObject())
        {
            var levels = a.Factors.Single(f => string.Equals(f.Factor, factor.Name, StringComparison.OrdinalIgnoreCase)).Levels;
            var expected = factor.Value.EnumerateArray().ToList();
            Assert.Equal(expected.Count, levels.Count);
            foreach (var (e, l) in expected.Zip(levels))
            {
                Assert.Contains(e.GetProperty("level").GetString()!, l.Level);
                Assert.Equal(e.GetProperty("configurations").GetInt32(), l.Configurations);
                Assert.Equal(e.GetProperty("prompts").GetInt32(), l.Prompts);
                Assert.Equal(e.GetProperty("mean_difference").GetDouble(), l.MeanDifference!.Value, 1e-9);
                Assert.Equal(e.GetProperty("perplexity_configurations").GetInt32(), l.PerplexityConfigurations);
                Assert.Equal(e.GetProperty("mean_perplexity_ratio").GetDouble(), l.MeanPerplexityRatio!.Value, 1e-9);
            }
        }
        // Planted: +0.5 on every prompt for prepend, nothing for postpend.
        var placement = a.Factors.Single(f => f.Factor == "Placement").Levels;
        var (prepend, postpend) = (placement.Single(l => l.Level == "prepend"), placement.Single(l => l.Level == "postpend"));
        Assert.InRange(0.5, prepend.Interval!.Low, prepend.Interval.High);
        Assert.InRange(0.0, postpend.Interval!.Low, postpend.Interval.High);
        Assert.True(prepend.Interval.Low > postpend.Interval.High, "the planted prepend effect separates the placements");

        var md = File.ReadAllText(Write().Markdown);
        var rows = MarkdownTable(md, "### Placement");
        Assert.Equal(["prepend", "8", "10", ReportText.Signed(prepend.MeanDifference!.Value), ReportText.Interval(prepend.Interval.Low, prepend.Interval.High)], rows[0].Take(5));
    }

    [Fact]
    public void PaperTableHasEveryCellInItsPlace()
    {
        var md = File.ReadAllText(Write().Markdown);
        var (header, rows) = MarkdownTableWithHeader(md, "## The paper's table");
        string[] ks = ["5", "7", "15", "32"];
        Assert.Equal(["Size", "Placement", .. ks.Select(k => $"1 sentence, k = {k}"), .. ks.Select(k => $"2 sentences, k = {k}")], header);
        Assert.Equal(["1M", "1M", "1M", "33M", "33M", "33M"], rows.Select(r => r[0]));
        Assert.Equal(["vanilla (absolute)", "prepend", "postpend", "vanilla (absolute)", "prepend", "postpend"], rows.Select(r => r[1]));
        string Cell(string size, string placement, int sentences, int k) =>
            rows.Single(r => r[0] == size && r[1] == placement)[header.IndexOf($"{FactorEffects.Sentences(sentences)}, k = {k}")];

        foreach (var c in SweepFixture.Expected.GetProperty("comparisons").GetProperty("overall").EnumerateArray())
        {
            var name = c.GetProperty("configuration").GetString()!;
            var m = Regex.Match(name, @"^(\w+)/s(\d)-k(\d+)-(\w+)$");
            var star = c.GetProperty("p_holm").GetDouble() < 0.05 ? " *" : "";
            Assert.Equal(ReportText.Signed(c.GetProperty("difference").GetDouble()) + star,
                Cell(m.Groups[1].Value, m.Groups[4].Value, int.Parse(m.Groups[2].Value), int.Parse(m.Groups[3].Value)));
        }
        Assert.Equal("pruned (step 100)", Cell("33M", "postpend", 2, 7));
        Assert.Equal("failed", Cell("1M", "postpend", 2, 7));
        Assert.Equal("not testable", Cell("1M", "postpend", 1, 7));
        foreach (var size in new[] { "1M", "33M" })
            foreach (var placement in new[] { "prepend", "postpend" })
                foreach (var s in new[] { 1, 2 })
                    foreach (var k in new[] { 15, 32 })
                        Assert.Equal("not run", Cell(size, placement, s, k));
        foreach (var (size, mean) in SweepFixture.Expected.GetProperty("vanilla").EnumerateObject().Select(p => (p.Name, p.Value.GetDouble())))
            Assert.StartsWith(ReportText.Number(mean) + " [", Cell(size, "vanilla (absolute)", 1, 5));
        Assert.Contains("the LLM judge's overall grade", md);
    }

    [Fact]
    public void WithoutAJudgeThePrimaryCriterionIsTheLabelledProxy()
    {
        var a = SweepAnalysis.Of(SweepFixture.Input(judgeRan: false));
        Assert.Equal(ExperimentEvaluation.ProxyCriterion, a.PrimaryCriterion);
        var md = File.ReadAllText(Write(judgeRan: false).Markdown);
        Assert.Contains("an automatic offline proxy (no LLM judge ran)", md);
        Assert.Contains("the offline proxy (no judge ran; the paper used a judge)", md);
        var expected = SweepFixture.Expected.GetProperty("comparisons").GetProperty(ExperimentEvaluation.ProxyCriterion).EnumerateArray()
            .Single(c => c.GetProperty("configuration").GetString() == "1M/s1-k5-prepend");
        var (header, rows) = MarkdownTableWithHeader(md, "## The paper's table");
        Assert.Equal(ReportText.Signed(expected.GetProperty("difference").GetDouble()) + (expected.GetProperty("p_holm").GetDouble() < 0.05 ? " *" : ""),
            rows.Single(r => r[0] == "1M" && r[1] == "prepend")[header.IndexOf("1 sentence, k = 5")]);
    }

    [Fact]
    public void IncompleteSweepIsMarkedAtTheTopWithCounts()
    {
        var md = File.ReadAllText(Write().Markdown);
        var notice = md.IndexOf("> **Incomplete sweep: 1 failed, 0 pending and 0 running of 18 trials.", StringComparison.Ordinal);
        Assert.InRange(notice, 0, md.IndexOf("## Trials ranked", StringComparison.Ordinal));
        Assert.Contains("18 trials: 16 finished, 1 pruned, 1 failed, 0 running, 0 pending", md);

        var complete = SweepFixture.Trials().Where(t => t.State != TrialState.Failed).ToList();
        Assert.DoesNotContain("Incomplete", File.ReadAllText(Write(complete).Markdown));
        var pending = SweepFixture.Trials().Select(t => t.State == TrialState.Failed ? t with { State = TrialState.Pending, Error = null } : t).ToList();
        Assert.Contains("Incomplete sweep: 0 failed, 1 pending and 0 running of 18 trials.", File.ReadAllText(Write(pending).Markdown));
    }

    [Fact]
    public void SameInputGivesByteIdenticalFilesWhateverTheTrialOrder()
    {
        var first = Write();
        var reordered = Write(SweepFixture.Trials().Reverse().ToList(), subfolder: "again");
        Assert.Equal(File.ReadAllBytes(first.Markdown), File.ReadAllBytes(reordered.Markdown));
        Assert.Equal(File.ReadAllBytes(first.Html), File.ReadAllBytes(reordered.Html));
        Assert.Equal(File.ReadAllBytes(first.ResultsJsonl), File.ReadAllBytes(reordered.ResultsJsonl));
        Assert.Equal(3, Directory.GetFiles(Path.GetDirectoryName(first.Markdown)!).Length);   // no temporaries left
    }

    [Fact]
    public void HtmlIsWellFormedSelfContainedAndHasAChartPerFactor()
    {
        var html = File.ReadAllText(Write().Html);
        Assert.StartsWith("<!DOCTYPE html>\n<html", html);
        var open = new Stack<string>();
        foreach (Match m in Regex.Matches(html[html.IndexOf("<html", StringComparison.Ordinal)..], @"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>"))
        {
            var name = m.Groups[2].Value.ToLowerInvariant();
            if (m.Groups[1].Value == "/") Assert.Equal(name, open.Pop());
            else if (name is not ("meta" or "br" or "hr" or "img") && !m.Groups[3].Value.EndsWith('/')) open.Push(name);
        }
        Assert.Empty(open);
        Assert.Equal(4, Regex.Matches(html, "<svg ").Count);
        Assert.Equal(4, Regex.Matches(html, "<line class=\"reference\"").Count);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        Assert.Contains("<tr class=\"pruned\">", html);
        Assert.Contains("<tr class=\"failed\">", html);
    }

    [Fact]
    public void ResultsJsonlHoldsEveryTrialTestAndFactorLevel()
    {
        var a = SweepAnalysis.Of(SweepFixture.Input());
        var lines = File.ReadAllLines(Write().ResultsJsonl).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string Kind(JsonElement e) => e.GetProperty("record").GetString()!;
        Assert.Equal("sweep", Kind(lines[0]));
        Assert.False(lines[0].GetProperty("complete").GetBoolean());
        Assert.Equal(18, lines.Count(l => Kind(l) == "trial"));
        Assert.Equal(a.Comparisons.Count, lines.Count(l => Kind(l) == "comparison"));
        Assert.Equal(2, lines.Count(l => Kind(l) == "not_testable"));
        Assert.Equal(8, lines.Count(l => Kind(l) == "factor_level"));
        var holm = lines.Where(l => Kind(l) == "comparison" && l.GetProperty("criterion").GetString() == "overall").ToList();
        Assert.All(holm, l => Assert.Equal(holm.Count, l.GetProperty("holm_family_size").GetInt32()));
        var trial = lines.First(l => Kind(l) == "trial" && l.GetProperty("configuration").GetString() == "33M/s1-k5-postpend");
        Assert.Equal(29, trial.GetProperty("scores").GetProperty("overall").GetArrayLength());   // 10 prompts × 3, one completion lost
    }

    [Fact]
    public void WithoutABaselineNothingIsTestedAndTheReportSaysWhy()
    {
        // A tuner that never ran 1M/vanilla, and a 33M baseline that failed: no number may stand in for the missing tests.
        var trials = SweepFixture.Trials().Where(t => t.Configuration.Name != "1M/vanilla")
            .Select(t => t.Configuration.Name == "33M/vanilla" ? t with { State = TrialState.Failed, Perplexity = null, PromptScores = new Dictionary<string, IReadOnlyList<PromptScore>>(), Error = "killed" } : t)
            .ToList();
        var a = SweepAnalysis.Of(SweepFixture.Input(trials: trials));
        Assert.Empty(a.Comparisons);
        Assert.All(a.Factors.SelectMany(f => f.Levels), l => Assert.Null(l.MeanDifference));
        Assert.Contains(a.Untested, u => u.Configuration == "1M/s1-k5-prepend" && u.Reason == "not testable: the sweep has no 1M/vanilla trial");
        Assert.Contains(a.Untested, u => u.Configuration == "33M/s1-k5-prepend" && u.Reason == "not testable: 33M/vanilla is failed");

        var md = File.ReadAllText(Write(trials).Markdown);
        Assert.Contains("No configuration could be tested", md);
        var (header, rows) = MarkdownTableWithHeader(md, "## The paper's table");
        Assert.Equal("not run", rows.Single(r => r[0] == "1M" && r[1] == "vanilla (absolute)")[2]);
        Assert.Equal("failed", rows.Single(r => r[0] == "33M" && r[1] == "vanilla (absolute)")[2]);
        Assert.Equal("not testable", rows.Single(r => r[0] == "33M" && r[1] == "prepend")[header.IndexOf("1 sentence, k = 5")]);
        Assert.Equal("no testable configuration", MarkdownTable(md, "### Placement")[0][3]);
    }

    [Fact]
    public void TwoTrialsOfOneConfigurationAreRefusedByName()
    {
        var trials = SweepFixture.Trials();
        var e = Assert.Throws<ArgumentException>(() => SweepAnalysis.Of(SweepFixture.Input(trials: [.. trials, trials[3] with { Id = 99 }])));
        Assert.Contains($"configuration {trials[3].Configuration.Name} more than once (trials 3, 99)", e.Message);
    }

    ReportFiles Write(IReadOnlyList<TrialRecord>? trials = null, bool judgeRan = true, string subfolder = "report") =>
        SweepReportWriter.Write(SweepFixture.Input(judgeRan, trials), Path.Combine(folder, subfolder + Guid.NewGuid().ToString("N")));

    /// <summary>The body rows of the first Markdown table after <paramref name="heading"/>, cells unescaped.</summary>
    static List<string[]> MarkdownTable(string md, string heading) => MarkdownTableWithHeader(md, heading).Rows;

    static (List<string> Header, List<string[]> Rows) MarkdownTableWithHeader(string md, string heading)
    {
        var lines = md[md.IndexOf(heading + "\n", StringComparison.Ordinal)..].Split('\n').SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();
        string[] Cells(string line) => Regex.Split(line.Trim().Trim('|'), @"(?<!\\)\|").Select(c => c.Trim().Replace("\\|", "|")).ToArray();
        return (Cells(lines[0]).ToList(), lines.Skip(2).Select(Cells).ToList());
    }
}
