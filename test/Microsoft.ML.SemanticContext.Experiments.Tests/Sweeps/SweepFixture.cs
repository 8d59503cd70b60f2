using System.Text.Json;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using Microsoft.ML.SemanticContext.Experiments.Annotation;
using Microsoft.ML.SemanticContext.Experiments.Sweeps;
using Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

namespace Microsoft.ML.SemanticContext.Experiments.Tests.Sweeps;

/// <summary>
/// The synthetic sweep of build/fixtures/sweeps/reference.py (2 sizes × 2 placements × 2 chunk sizes × 2 k with both
/// baselines; prepend +0.5 on every prompt; one trial pruned, one failed, one finished with a single prompt) and the
/// numbers scipy computed for it.
/// </summary>
internal static class SweepFixture
{
    public static JsonElement Expected { get; } =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Root, "build", "fixtures", "sweeps", "expected.json"))).RootElement;

    public static int Seed => Expected.GetProperty("seed").GetInt32();

    public static IReadOnlyList<TrialRecord> Trials() => Expected.GetProperty("trials").EnumerateArray().Select(Trial).ToList();

    public static SweepReportInput Input(bool judgeRan = true, IReadOnlyList<TrialRecord>? trials = null) =>
        new("paper", "grid", Seed, trials ?? Trials(), judgeRan, TimeSpan.FromMinutes(83.5));

    static TrialRecord Trial(JsonElement t)
    {
        var annotation = t.GetProperty("placement").ValueKind == JsonValueKind.Null ? null
            : new AnnotationConfig(t.GetProperty("sentences").GetInt32(), t.GetProperty("k").GetInt32(), Enum.Parse<Placement>(t.GetProperty("placement").GetString()!, ignoreCase: true));
        var scores = t.GetProperty("scores").EnumerateObject().ToDictionary(c => c.Name,
            c => (IReadOnlyList<PromptScore>)c.Value.EnumerateArray().Select(s => new PromptScore(s[0].GetString()!, s[1].GetDouble())).ToList());
        var id = t.GetProperty("id").GetInt32();
        return new TrialRecord(id, new TrialConfiguration(t.GetProperty("size").GetString()!, annotation), Seed,
            Enum.Parse<TrialState>(t.GetProperty("state").GetString()!), t.GetProperty("steps").GetInt32(),
            Nullable(t.GetProperty("validation_nll")), Nullable(t.GetProperty("perplexity")), scores, $"trials/{id}",
            t.GetProperty("error").GetString(), TimeSpan.FromSeconds(60 + id));
    }

    static double? Nullable(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();
}
