using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Reporting;

/// <summary>
/// A complete experiment's results made up from a seeded generator (3 models × 6 prompts × 5 samples), run
/// through the real statistics and offline metrics, so the report renders what a real run would give it.
/// </summary>
internal static class SyntheticReport
{
    public static readonly string[] Models = ["vanilla", "k5-prepend-2s", "k7-prepend-2s"];

    static readonly string[] Prompts =
    [
        "Once upon a time, there was a little girl named Lily. She loved to play in the",
        "Tom and his dog Max went to the park. Max saw a big red ball and",
        "One day, a bunny called Hop found a shiny key under a",
        "Sara wanted to bake a cake for her mom. She got the flour, but then",
        "There was a small boat on the lake. Ben wanted to ride it, so he",
        "In a big forest lived a kind bear named Bruno. Every morning he",
    ];

    static readonly string[] Chunks =
    [
        "park with her friends.", "Lily saw a butterfly and ran after it.", "Max barked and wagged his tail.",
        "They played until the sun went down.", "Then something strange happened.", "The key opened a tiny door in the tree.",
        "Everyone was happy & proud <3.", "She said, \"Let's share!\"", "The end.",
    ];

    public static ExperimentReport Create(bool withJudge = true)
    {
        var random = new Random(7);
        var samples = new List<GeneratedSample>();
        var judgments = Models.ToDictionary(m => m, _ => new List<JudgeResult>());
        for (var m = 0; m < Models.Length; m++)
            for (var p = 0; p < Prompts.Length; p++)
                for (var s = 0; s < 5; s++)
                {
                    var usesPlan = m > 0;
                    var pieces = Enumerable.Range(0, 3).Select(i => (usesPlan ? $"<cluster_{random.Next(m == 1 ? 5 : 7)}> " : "") + Chunks[random.Next(Chunks.Length)]);
                    var generated = " " + string.Join(' ', pieces);
                    var judged = System.Text.RegularExpressions.Regex.Replace(generated, @"<cluster_\d+>\s*", "");
                    var sample = new StorySample($"{Models[m]}/p{p}/s{s}", Prompts[p], judged);
                    JudgeGrades? grades = random.Next(40) == 0 ? null : new JudgeGrades(
                        Grade(random, 7.2 + 0.3 * m), Grade(random, 6.5 + 0.2 * m), Grade(random, 7.0 + 0.25 * m), Grade(random, 6.8));
                    var result = new JudgeResult(sample, grades is null ? JudgeOutcome.Unparseable : JudgeOutcome.Graded, grades,
                        "The completion follows the beginning.", grades is null ? "I liked it!" : $"Grammar: {grades.Grammar}/10", "gpt-4o-mini", TinyStoriesRubric.Version, false);
                    judgments[Models[m]].Add(result);
                    samples.Add(new GeneratedSample(Models[m], $"p{p:00}", s, 1000 + s, Prompts[p], generated, judged, withJudge ? result : null, null));
                }

        var offline = new OfflineMetricsEvaluator().Evaluate(
            Models.ToDictionary(m => m, m => (IReadOnlyList<StorySample>)samples.Where(s => s.Model == m).Select(s => new StorySample($"{s.Model}/{s.PromptId}/{s.SampleIndex}", s.Prompt, s.Judged)).ToList()),
            new Dictionary<string, double> { ["vanilla"] = 9.81, ["k5-prepend-2s"] = 9.42, ["k7-prepend-2s"] = 9.60 });
        var offlineById = offline.SelectMany(o => o.Samples).ToDictionary(s => s.Id);
        samples = samples.Select(s => s with { Offline = offlineById[$"{s.Model}/{s.PromptId}/{s.SampleIndex}"] }).ToList();

        var curves = Models.Select((m, i) => new TrainingCurve(m,
            Enumerable.Range(0, 60).Select(step => new LossPoint(step * 10, 3.2 * Math.Exp(-step / 18.0) + 1.4 + 0.05 * i + 0.04 * Math.Sin(step))).ToList(),
            Enumerable.Range(0, 7).Select(e => new LossPoint(e * 100, 3.0 * Math.Exp(-e / 1.8) + 1.55 + 0.05 * i + (e > 4 ? 0.03 * (e - 4) : 0))).ToList())
            { BestStep = 400 }).ToList();

        var clusters = new ClusterReport(5, "prepend", 2, 0.083, 0.41,
        [
            new(0, 412, ["once", "upon", "time", "little", "named"], ["Once upon a time, there was a little <unk> named <unk>.", "<unk> lived in a small house."]),
            new(1, 377, ["one", "day", "went", "park", "found"], ["One day, <unk> went to the park.", "<unk> found a shiny rock."]),
            new(2, 298, ["but", "suddenly", "sad", "lost", "cried"], ["But then, <unk> lost <unk> ball.", "Suddenly, it started to rain."]),
            new(3, 265, ["helped", "together", "friends", "said", "sorry"], ["<unk> said sorry and they hugged.", "They worked together to fix it."]),
            new(4, 301, ["happy", "end", "learned", "always", "smiled"], ["From that day on, <unk> was always kind.", "The end."]),
        ]);

        var scores = withJudge ? Models.Select(m => ScoreStatistics.Summarize(m, judgments[m])).ToList() : [];
        var comparisons = withJudge
            ? ScoreStatistics.CompareWithBaseline("vanilla", judgments.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<JudgeResult>)kv.Value), seed: 1)
            : [];
        var unparseable = judgments.Values.Sum(j => j.Count(r => r.Outcome == JudgeOutcome.Unparseable));

        return new ExperimentReport(
            "Semantic context tokens vs vanilla fine-tuning (synthetic)",
            new DateTimeOffset(2026, 11, 23, 19, 0, 0, TimeSpan.Zero),
            TimeSpan.FromSeconds(412),
            [new("corpus", "built-in synthetic corpus (default), 400 stories"), new("preset", "cpu-tiny"), new("seed", "1"),
             new("segmenter", "built-in unsupervised sentence boundaries (default)"), new("prompts", "6 prompts × 5 completions per model")],
            "vanilla",
            curves,
            withJudge ? new JudgeSettings("gpt-4o-mini", TinyStoriesRubric.Version, "127.0.0.1", unparseable, 0) : null,
            scores,
            comparisons,
            offline,
            clusters,
            samples);
    }

    static double Grade(Random random, double mean) => Math.Clamp(Math.Round(mean + 1.1 * (random.NextDouble() + random.NextDouble() - 1) * 1.7), 1, 10);
}
