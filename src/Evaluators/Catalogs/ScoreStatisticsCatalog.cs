using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// <c>ml.TextGeneration.Evaluators.SummarizeScores(...)</c> and <c>ml.TextGeneration.Evaluators.CompareWithBaseline(...)</c>;
/// bootstrap resampling is seeded from the context.
/// </summary>
public static class ScoreStatisticsCatalog
{
    /// <summary>Mean ± SE (and 95% CI) per criterion of one model's judgments; unparseable ones counted and excluded.</summary>
    public static ModelScoreSummary SummarizeScores(this TextGenerationEvaluators catalog, string model, IEnumerable<JudgeResult> results) =>
        ScoreStatistics.Summarize(model, results);

    /// <summary>
    /// Every model against <paramref name="baseline"/> per criterion, paired by prompt: one-tailed paired t-tests on
    /// per-prompt mean differences with Holm-adjusted p-values, prompt-resampling bootstrap intervals seeded from the
    /// context, the minimum detectable difference, and the paper's unpaired Welch test over completions beside them.
    /// </summary>
    public static IReadOnlyList<ModelComparison> CompareWithBaseline(this TextGenerationEvaluators catalog, string baseline,
        IReadOnlyDictionary<string, IReadOnlyList<JudgeResult>> resultsByModel) =>
        ScoreStatistics.CompareWithBaseline(baseline, resultsByModel, BootstrapSeed(catalog));

    /// <summary>The same for any per-sample score with its prompt (e.g. an offline metric), named <paramref name="criterion"/>.</summary>
    public static IReadOnlyList<ModelComparison> CompareWithBaseline(this TextGenerationEvaluators catalog, string baseline,
        IReadOnlyDictionary<string, IReadOnlyList<PromptScore>> scoresByModel, string criterion) =>
        ScoreStatistics.CompareWithBaseline(baseline, scoresByModel, criterion, BootstrapSeed(catalog));

    static int BootstrapSeed(TextGenerationEvaluators catalog) => new ComponentHost(catalog.Environment, "bootstrap").NextSeed();
}
