using System.Text.Json;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;

namespace Microsoft.ML.SemanticContext.Evaluators.Reporting;

/// <summary>
/// results.jsonl: one JSON object per line, told apart by "record": one "experiment" line, then every "sample"
/// (prompt, raw generation with plan tokens, judged text, both judge replies, grades, per-sample metrics), then
/// "model_scores", "comparison" and "offline_metrics" lines. Non-finite numbers are written as null.
/// </summary>
public static class ResultsJsonl
{
    public static void Write(ExperimentReport r, Stream stream)
    {
        var lines = new JsonLines(stream);
        void Line(Action<Utf8JsonWriter> body) => lines.Line(body);

        Line(w =>
        {
            w.WriteString("record", "experiment");
            w.WriteString("title", r.Title);
            w.WriteString("created_at", r.CreatedAt);
            Num(w, "wall_time_s", r.WallTime?.TotalSeconds);
            w.WriteString("baseline", r.BaselineModel);
            w.WriteStartObject("settings");
            foreach (var s in r.Settings) w.WriteString(s.Name, s.Value);
            w.WriteEndObject();
            if (r.Judge is { } j)
            {
                w.WriteStartObject("judge");
                w.WriteString("model", j.Model);
                w.WriteString("rubric_version", j.RubricVersion);
                w.WriteString("endpoint_host", j.EndpointHost);
                w.WriteNumber("unparseable", j.Unparseable);
                w.WriteNumber("from_cache", j.FromCache);
                w.WriteNumber("unjudged", j.Unjudged);
                if (j.StopReason is { } why) w.WriteString("stop_reason", why);
                w.WriteEndObject();
            }
        });
        foreach (var s in r.Samples) Line(w => Sample(w, s));
        foreach (var m in r.Scores)
            Line(w =>
            {
                w.WriteString("record", "model_scores");
                w.WriteString("model", m.Model);
                w.WriteNumber("graded", m.Graded);
                w.WriteNumber("unparseable", m.Unparseable);
                foreach (var (criterion, summary) in m.Criteria) Summary(w, criterion, summary);
            });
        foreach (var c in r.Comparisons) Line(w => Comparison(w, c));
        foreach (var p in r.Perplexity)
            Line(w =>
            {
                w.WriteString("record", "perplexity");
                w.WriteString("model", p.Model);
                w.WriteString("figure", p.Figure);
                w.WriteBoolean("diagnostic", p.Diagnostic);
                Num(w, "perplexity", p.Perplexity);
                Num(w, "mean_nll", p.MeanNegativeLogLikelihood);
                w.WriteNumber("plain_tokens", p.PlainTokens);
                w.WriteNumber("plan_tokens", p.PlanTokens);
                w.WriteNumber("stories", p.Texts);
            });
        foreach (var a in r.PlanAdherence)
            Line(w =>
            {
                w.WriteString("record", "plan_adherence");
                w.WriteString("model", a.Model);
                w.WriteNumber("chunks", a.Chunks);
                Num(w, "adherence", a.Adherence);
                Num(w, "chance", a.Chance);
                w.WriteString("chance_definition", "sum over clusters of p_model(token) * p_annotator(cluster)");
            });
        foreach (var m in r.OfflineMetrics)
            Line(w =>
            {
                w.WriteString("record", "offline_metrics");
                w.WriteString("model", m.Model);
                w.WriteString("note", OfflineMetricInfo.ProxyNote);
                Num(w, OfflineMetricInfo.Perplexity.Key, m.HeldOutPerplexity);
                Num(w, OfflineMetricInfo.Distinct1.Key, m.Distinct1);
                Num(w, OfflineMetricInfo.Distinct2.Key, m.Distinct2);
                Num(w, OfflineMetricInfo.Distinct3.Key, m.Distinct3);
                Summary(w, OfflineMetricInfo.Repetition.Key, m.Repetition);
                Summary(w, OfflineMetricInfo.PromptSimilarity.Key, m.PromptSimilarity);
                Summary(w, OfflineMetricInfo.NamesCarried.Key, m.NamesCarried);
                w.WriteString("embedder", m.Embedder);
            });
    }

    /// <summary>The properties of one "comparison" record: the paired test, Holm, MDD, bootstrap and the paper's Welch test.</summary>
    public static void Comparison(Utf8JsonWriter w, ModelComparison c)
    {
        w.WriteString("record", "comparison");
        w.WriteString("candidate", c.Candidate);
        w.WriteString("baseline", c.Baseline);
        w.WriteString("criterion", c.Criterion);
        w.WriteString("test", "one-tailed paired t-test on per-prompt mean differences");
        w.WriteNumber("prompts", c.Test.Prompts);
        Num(w, "difference", c.Test.Difference);
        Num(w, "sd_of_differences", c.Test.StandardDeviation);
        Num(w, "t", c.Test.T);
        Num(w, "df", c.Test.DegreesOfFreedom);
        Num(w, "p_one_tailed", c.Test.PValue);
        Num(w, "p_holm", c.HolmAdjustedP);
        Num(w, "permutation_p_one_tailed", c.Permutation.PValue);
        w.WriteBoolean("permutation_exact", c.Permutation.Exact);
        Num(w, "mdd_80_power", c.MinimumDetectableDifference);
        Num(w, "paper_welch_difference", c.PaperProtocol.Difference);
        Num(w, "paper_welch_t", c.PaperProtocol.T);
        Num(w, "paper_welch_df", c.PaperProtocol.DegreesOfFreedom);
        Num(w, "paper_welch_p_one_tailed", c.PaperProtocol.PValue);
        Num(w, "bootstrap_low", c.Bootstrap.Low);
        Num(w, "bootstrap_high", c.Bootstrap.High);
        w.WriteString("bootstrap_unit", "prompt");
        w.WriteNumber("bootstrap_resamples", c.Bootstrap.Resamples);
        w.WriteNumber("bootstrap_seed", c.Bootstrap.Seed);
    }

    static void Sample(Utf8JsonWriter w, GeneratedSample s)
    {
        w.WriteString("record", "sample");
        w.WriteString("model", s.Model);
        w.WriteString("prompt_id", s.PromptId);
        w.WriteNumber("sample_index", s.SampleIndex);
        w.WriteNumber("seed", s.Seed);
        w.WriteString("prompt", s.Prompt);
        w.WriteString("generated", s.Generated);
        w.WriteString("judged", s.Judged);
        if (s.Judgment is { } j)
        {
            w.WriteStartObject("judge");
            w.WriteString("outcome", j.Outcome.ToString().ToLowerInvariant());
            Num(w, "grammar", j.Grades?.Grammar);
            Num(w, "creativity", j.Grades?.Creativity);
            Num(w, "consistency", j.Grades?.Consistency);
            Num(w, "plot", j.Grades?.Plot);
            Num(w, "overall", j.Grades?.Overall);
            w.WriteString("assessment", j.Assessment);
            w.WriteString("grade_reply", j.GradeReply);
            w.WriteString("judge_model", j.JudgeModel);
            w.WriteString("rubric_version", j.RubricVersion);
            w.WriteBoolean("from_cache", j.FromCache);
            w.WriteEndObject();
        }
        if (s.Offline is { } o)
        {
            w.WriteStartObject("offline");
            Num(w, OfflineMetricInfo.Repetition.Key, o.Repetition);
            Num(w, OfflineMetricInfo.PromptSimilarity.Key, o.PromptSimilarity);
            Num(w, OfflineMetricInfo.NamesCarried.Key, o.NamesCarried);
            w.WriteEndObject();
        }
    }

    static void Summary(Utf8JsonWriter w, string name, ScoreSummary s)
    {
        w.WriteStartObject(name);
        w.WriteNumber("n", s.Count);
        Num(w, "mean", s.Mean);
        Num(w, "sd", s.StandardDeviation);
        Num(w, "se", s.StandardError);
        Num(w, "ci_low", s.CiLow);
        Num(w, "ci_high", s.CiHigh);
        w.WriteEndObject();
    }

    static void Num(Utf8JsonWriter w, string name, double? v) => JsonLines.Number(w, name, v);
}
