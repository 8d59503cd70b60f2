using System.Text.Json;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

/// <summary>
/// The sweep's results.jsonl, told apart by "record": one "sweep" line, then one "trial" line per trial (configuration,
/// state, figures, primary score with its interval, and every per-sample score by prompt), one "comparison" line per
/// test (the experiment report's fields plus the Holm family), one "not_testable" line per untested pair and one
/// "factor_level" line per factor level. Non-finite numbers are written as null.
/// </summary>
public static class SweepResultsJsonl
{
    public static void Write(SweepAnalysis a, Stream stream)
    {
        var lines = new JsonLines(stream);
        var i = a.Input;
        lines.Line(w =>
        {
            w.WriteString("record", "sweep");
            w.WriteString("preset", i.Preset);
            w.WriteString("tuner", i.Tuner);
            w.WriteNumber("seed", i.Seed);
            w.WriteNumber("wall_time_s", i.WallTime.TotalSeconds);
            w.WriteBoolean("judge_ran", i.JudgeRan);
            w.WriteString("primary_criterion", a.PrimaryCriterion);
            w.WriteNumber("trials", i.Trials.Count);
            foreach (var s in Enum.GetValues<TrialState>()) w.WriteNumber(SweepReportText.State(s), a.Count(s));
            w.WriteBoolean("complete", !a.Incomplete);
        });
        foreach (var r in a.Ranking) lines.Line(w => Trial(w, r));
        var familySize = a.Comparisons.GroupBy(c => c.Criterion).ToDictionary(g => g.Key, g => g.Count());
        foreach (var c in a.Comparisons)
            lines.Line(w =>
            {
                ResultsJsonl.Comparison(w, c);
                w.WriteString("holm_family", "every configuration of the sweep tested on this criterion");
                w.WriteNumber("holm_family_size", familySize[c.Criterion]);
            });
        foreach (var u in a.Untested)
            lines.Line(w =>
            {
                w.WriteString("record", "not_testable");
                w.WriteString("candidate", u.Configuration);
                w.WriteString("baseline", u.Baseline);
                w.WriteString("criterion", u.Criterion);
                w.WriteString("reason", u.Reason);
            });
        foreach (var f in a.Factors)
            foreach (var l in f.Levels)
                lines.Line(w =>
                {
                    w.WriteString("record", "factor_level");
                    w.WriteString("factor", f.Factor.ToLowerInvariant());
                    w.WriteString("level", l.Level);
                    w.WriteString("criterion", a.PrimaryCriterion);
                    w.WriteNumber("configurations", l.Configurations);
                    w.WriteNumber("prompts", l.Prompts);
                    JsonLines.Number(w, "mean_difference", l.MeanDifference);
                    JsonLines.Number(w, "bootstrap_low", l.Interval?.Low);
                    JsonLines.Number(w, "bootstrap_high", l.Interval?.High);
                    w.WriteString("bootstrap_unit", "prompt");
                    w.WriteNumber("perplexity_configurations", l.PerplexityConfigurations);
                    JsonLines.Number(w, "mean_perplexity_ratio", l.MeanPerplexityRatio);
                    JsonLines.Number(w, "lowest_perplexity_ratio", l.LowestRatio);
                    JsonLines.Number(w, "highest_perplexity_ratio", l.HighestRatio);
                });
    }

    static void Trial(Utf8JsonWriter w, RankedTrial r)
    {
        var t = r.Trial;
        w.WriteString("record", "trial");
        w.WriteNumber("rank", r.Position);
        w.WriteNumber("id", t.Id);
        w.WriteString("configuration", t.Configuration.Name);
        w.WriteString("size", t.Configuration.Size);
        if (t.Configuration.Annotation is { } c)
        {
            w.WriteNumber("sentences_per_chunk", c.SentencesPerChunk);
            w.WriteNumber("k", c.K);
            w.WriteString("placement", SweepOrder.PlacementName(c.Placement));
        }
        else w.WriteBoolean("vanilla", true);
        w.WriteString("state", SweepReportText.State(t.State));
        w.WriteNumber("seed", t.Seed);
        w.WriteNumber("steps", t.Steps);
        JsonLines.Number(w, "validation_nll", t.ValidationNll);
        JsonLines.Number(w, "perplexity", t.Perplexity);
        w.WriteString("folder", t.Folder);
        w.WriteNumber("wall_time_s", t.WallTime.TotalSeconds);
        if (t.Error is { } error) w.WriteString("error", error);
        if (r.Score is { } s)
        {
            w.WriteStartObject("primary");
            w.WriteNumber("prompts", s.Prompts);
            JsonLines.Number(w, "mean", s.Mean);
            JsonLines.Number(w, "bootstrap_low", s.Interval?.Low);
            JsonLines.Number(w, "bootstrap_high", s.Interval?.High);
            w.WriteEndObject();
        }
        w.WriteStartObject("scores");
        foreach (var (criterion, scores) in t.PromptScores.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteStartArray(criterion);
            foreach (var p in scores)
            {
                w.WriteStartObject();
                w.WriteString("prompt_id", p.PromptId);
                JsonLines.Number(w, "value", p.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
