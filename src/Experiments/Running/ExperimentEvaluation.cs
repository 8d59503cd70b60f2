using Microsoft.ML.SemanticContext.Evaluators;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using Microsoft.ML.SemanticContext.Experiments.Annotation;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>
/// Scores of every model: offline proxies always, judge grades when a judge ran, tests against the baseline, and each
/// cluster-token model's plan adherence.
/// </summary>
public sealed record EvaluationResult(
    IReadOnlyDictionary<string, IReadOnlyList<StorySample>> Samples,
    IReadOnlyList<OfflineMetricsResult> Offline,
    JudgeBatchResult? Judge,
    string? JudgeHost,
    IReadOnlyList<ModelScoreSummary> Scores,
    IReadOnlyList<ModelComparison> Comparisons,
    IReadOnlyList<PlanAdherenceResult> PlanAdherence);

/// <summary>
/// Evaluates the completions: each cluster-token model's own chunks are checked against its fitted annotator (plan
/// adherence), plan tokens are stripped (unless kept on purpose), the offline metrics run on every model, the judge
/// (if any) grades every sample through its on-disk cache, and each cluster-token model is tested against the vanilla
/// baseline, paired by prompt (one-tailed paired t-test, prompt bootstrap, Holm across models; the paper's Welch test
/// over completions beside it).
/// </summary>
public sealed class ExperimentEvaluation(ExperimentOptions options, LlmJudgeEvaluator? judge,
    IProgress<ProgressEvent>? progress, Action<string> log)
{
    /// <summary>The proxy tested between models when no judge ran: how well the continuation stays on the prompt's topic.</summary>
    public const string ProxyCriterion = "prompt similarity (proxy)";

    /// <param name="splits">The cluster-token configurations with their fitted annotators, for plan adherence.</param>
    public async Task<EvaluationResult> EvaluateAsync(IReadOnlyList<ModelOutcome> outcomes, IReadOnlyList<string> prompts,
        IReadOnlyList<AnnotatedSplit> splits, CancellationToken cancellation)
    {
        var samples = outcomes.ToDictionary(o => o.Name, o => (IReadOnlyList<StorySample>)o.Completions.Select(c => ToSample(o.Name, c, prompts, options.KeepClusterTokens)).ToList());
        var perplexity = outcomes.ToDictionary(o => o.Name, o => o.Perplexity[0].Perplexity);
        var offline = new OfflineMetricsEvaluator().Evaluate(samples, perplexity);
        log($"evaluation: offline proxy metrics for {outcomes.Count} models");
        var adherence = splits.Select(split => PlanAdherenceOf(split, outcomes.Single(o => o.Name == ExperimentRunner.ModelName(split.Config)))).ToList();
        foreach (var a in adherence)
            log(a.Chunks == 0
                ? $"plan adherence {a.Model}: not measured, the model wrote no chunk after a plan token of its own"
                : $"plan adherence {a.Model}: {a.Adherence:P1} of {a.Chunks} generated chunks (chance {a.Chance:P1})");

        if (judge is null) return new EvaluationResult(samples, offline, null, null, [], ProxyComparisons(samples, offline), adherence);

        var all = samples.Values.SelectMany(s => s).ToList();
        int done = 0;
        var batch = await judge.EvaluateAsync(all,
            new ActionProgress<JudgeResult>(_ => progress?.Report(new ProgressEvent("judge", Interlocked.Increment(ref done), all.Count))), cancellation);
        log($"judge: {batch.Graded} graded, {batch.Unparseable} unparseable (excluded), {batch.FromCache} from cache, {batch.RequestsSent} requests"
            + (batch.IsComplete ? "" : $"; {batch.Unjudged.Count} of {all.Count} not judged. {batch.StopReason}"));
        var byModel = outcomes.ToDictionary(o => o.Name,
            o => (IReadOnlyList<JudgeResult>)batch.Results.Where(r => r.Sample.Id.StartsWith(o.Name + "/", StringComparison.Ordinal)).ToList());
        var scores = byModel.Select(kv => ScoreStatistics.Summarize(kv.Key, kv.Value)).ToList();
        // Grades of a judge that stopped early cover whichever samples it reached, so models are compared on the proxy.
        var comparisons = batch.IsComplete ? ScoreStatistics.CompareWithBaseline(ExperimentRunner.BaselineModel, byModel, options.Seed) : ProxyComparisons(samples, offline);
        return new EvaluationResult(samples, offline, batch, judge.Endpoint.Host, scores, comparisons, adherence);
    }

    /// <summary>Prompt similarity of each completion, paired by prompt across models.</summary>
    IReadOnlyList<ModelComparison> ProxyComparisons(IReadOnlyDictionary<string, IReadOnlyList<StorySample>> samples, IReadOnlyList<OfflineMetricsResult> offline)
    {
        var promptOf = samples.Values.SelectMany(s => s).ToDictionary(s => s.Id, s => s.PromptKey);
        var proxyScores = offline.ToDictionary(o => o.Model, o => (IReadOnlyList<PromptScore>)o.Samples
            .Where(s => s.PromptSimilarity is not null).Select(s => new PromptScore(promptOf[s.Id], s.PromptSimilarity!.Value)).ToList());
        return ScoreStatistics.CompareWithBaseline(ExperimentRunner.BaselineModel, proxyScores, ProxyCriterion, options.Seed);
    }

    /// <summary>The model's own chunks (between its plan tokens, in every completion) against the clusters its annotator gives them.</summary>
    PlanAdherenceResult PlanAdherenceOf(AnnotatedSplit split, ModelOutcome outcome)
    {
        var written = outcome.Completions.Select(c => PlanTokens.WrittenChunks(c.Generated, split.Config.Placement)).Where(w => w.Count > 0).ToList();
        var ml = options.CreateContext();
        var annotated = ChunkAnnotator.Clusters(ml, ml.Model.SemanticContext.Load(split.AnnotatorPath, out _),
            written.Select(w => (IReadOnlyList<string>)w.Select(c => c.Text).ToList()).ToList());
        var chunks = written.Zip(annotated).SelectMany(p => p.First.Select((c, i) => new PlannedChunk(c.ClusterId, p.Second[i]))).ToList();
        return PlanAdherence.Compute(outcome.Name, chunks);
    }

    /// <summary>Sample ids are <c>model/p{prompt}/s{sample}</c> and prompt ids <c>p{prompt}</c>; the prompt shown to the judge is the plain one.</summary>
    internal static StorySample ToSample(string model, Completion completion, IReadOnlyList<string> plainPrompts, bool keepClusterTokens) =>
        new($"{model}/p{completion.PromptIndex}/s{completion.SampleIndex}",
            plainPrompts[completion.PromptIndex],
            keepClusterTokens ? completion.Generated : ClusterTokens.Strip(completion.Generated),
            $"p{completion.PromptIndex}");
}
