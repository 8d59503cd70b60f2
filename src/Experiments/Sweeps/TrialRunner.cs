using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Evaluators;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using Microsoft.ML.SemanticContext.Experiments.Running;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>
/// Runs one trial in its folder (<c>trials/NNN/</c>) with the experiment's own model run: trains it up to a step (a
/// halving rung) or to the end, measures the validation figure, and at the end generates from the sweep's prompts
/// with the sweep's seeds, scores held-out perplexity and the prompt-similarity proxy (and the judge's grades when
/// asked). Every stage resumes from the folder: training from its last checkpoint, finished stages from their files.
/// </summary>
public sealed class TrialRunner(SweepOptions options, SweepWorkspace workspace, AnnotationCache annotations,
    IProgress<ProgressEvent>? progress, Action<string> log)
{
    readonly Dictionary<string, int> _budgets = [];

    public static string FolderOf(int id) => Path.Combine("trials", id.ToString("D3", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Optimiser steps of a full trial of <paramref name="size"/>: the scale's, or the size recipe's epochs over the plain training stories.</summary>
    public int Budget(string size)
    {
        if (!_budgets.TryGetValue(size, out int steps))
            _budgets[size] = steps = ExperimentRunner.StepBudget(options.Experiment(size), CausalLmPresets.Get(size), workspace.PlainTrainingTokens);
        return steps;
    }

    /// <summary>
    /// Trains <paramref name="trial"/> to step <paramref name="pauseAfter"/> (null: to its budget, then finishes it) and
    /// returns its new record: <see cref="TrialState.Pending"/> with its steps and figure when paused at a rung,
    /// <see cref="TrialState.Finished"/> with every metric at the end, <see cref="TrialState.Failed"/> with the error.
    /// </summary>
    public async Task<TrialRecord> AdvanceAsync(TrialRecord trial, int? pauseAfter, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var configuration = trial.Configuration;
        try
        {
            var experiment = options.Experiment(configuration.Size) with { Cancellation = cancellation };
            var preset = CausalLmPresets.Get(configuration.Size);
            int budget = Budget(configuration.Size);
            var dir = new ExperimentDirectory(Path.Combine(workspace.Directory.Root, trial.Folder));
            dir.Open(new JsonObject { ["configuration"] = configuration.Name, ["seed"] = trial.Seed, ["steps"] = budget });
            var (texts, prompts) = configuration.Annotation is { } annotation ? annotations.Get(annotation) : new(workspace.Corpus, workspace.Prompts);
            var run = new ModelRun(dir, experiment, preset, workspace.BaseModel);
            string name = ModelName(configuration);
            void Log(string message) => log($"trial {trial.Id} {message}");

            if (pauseAfter is int pause && pause < budget)
            {
                var (lm, training) = run.TrainUntil(name, workspace.Tokenizer, texts, budget, pause, progress, Log);
                if (training.StopReason == TrainingStopReason.Paused)
                    return trial with
                    {
                        State = TrialState.Pending, Steps = training.Steps, WallTime = trial.WallTime + clock.Elapsed,
                        ValidationNll = lm.LanguageModel.PerplexityAsWritten(texts.Validation).MeanNegativeLogLikelihood,
                    };
            }

            var outcome = run.Run(name, workspace.Tokenizer, texts, prompts, budget, progress, Log);
            var model = CausalLmTransformer.LoadFrom(experiment.CreateContext(), dir.PathOf("models", name, "model.zip"));
            var samples = outcome.Completions.Select(c => ExperimentEvaluation.ToSample(name, c, workspace.Prompts, keepClusterTokens: false)).ToList();
            return trial with
            {
                State = TrialState.Finished,
                Steps = outcome.Training.Steps,
                ValidationNll = model.LanguageModel.PerplexityAsWritten(texts.Validation).MeanNegativeLogLikelihood,
                Perplexity = outcome.Perplexity[0].Perplexity,
                PromptScores = await ScoresAsync(dir, samples, cancellation),
                Error = null,
                WallTime = trial.WallTime + clock.Elapsed,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One broken configuration must not end the sweep; the log keeps the stack trace.
            log($"trial {trial.Id} {configuration.Name} failed: {e}");
            return trial with { State = TrialState.Failed, Error = $"{e.GetType().Name}: {e.Message}", WallTime = trial.WallTime + clock.Elapsed };
        }
    }

    static string ModelName(TrialConfiguration configuration) =>
        configuration.Annotation is { } annotation ? ExperimentRunner.ModelName(annotation) : ExperimentRunner.BaselineModel;

    /// <summary>The prompt-similarity proxy of every completion (and the judge's criteria when it ran), keyed by prompt.</summary>
    async Task<IReadOnlyDictionary<string, IReadOnlyList<PromptScore>>> ScoresAsync(ExperimentDirectory dir, IReadOnlyList<StorySample> samples, CancellationToken cancellation)
    {
        var promptOf = samples.ToDictionary(s => s.Id, s => s.PromptKey);
        var offline = new OfflineMetricsEvaluator(new OfflineMetricsOptions { Embedder = workspace.ProxyEmbedder })
            .Evaluate(new Dictionary<string, IReadOnlyList<StorySample>> { ["trial"] = samples })[0];
        var scores = new Dictionary<string, IReadOnlyList<PromptScore>>
        {
            [ExperimentEvaluation.ProxyCriterion] = offline.Samples.Where(s => s.PromptSimilarity is not null)
                .Select(s => new PromptScore(promptOf[s.Id], s.PromptSimilarity!.Value)).ToList(),
        };
        if (!options.Judge) return scores;
        // Each trial keeps its own judge cache, so trials running at once on several machines never share a writer.
        using var judge = new LlmJudgeEvaluator(options.JudgeOptions(dir.PathOf("judge-cache.jsonl")));
        var batch = await judge.EvaluateAsync(samples, cancellationToken: cancellation);
        if (!batch.IsComplete) throw new InvalidInputException($"the judge stopped: {batch.StopReason}");
        foreach (var criterion in ScoreStatistics.Criteria)
            scores[criterion] = batch.Results.Where(r => r.Grades?[criterion] is not null)
                .Select(r => new PromptScore(r.Sample.PromptKey, r.Grades![criterion]!.Value)).ToList();
        return scores;
    }
}
