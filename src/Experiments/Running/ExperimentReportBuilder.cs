using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>Turns the experiment's outcomes into the report model the evaluators' renderer writes.</summary>
public static class ExperimentReportBuilder
{
    /// <param name="steps">The optimiser-step budget every model trained under.</param>
    public static ExperimentReport Build(ExperimentOptions options, CausalLmPreset preset, int steps, ExperimentCorpus corpus,
        IReadOnlyList<string> prompts, IReadOnlyList<ModelOutcome> outcomes, IReadOnlyList<AnnotatedSplit> splits,
        EvaluationResult evaluation, TimeSpan wallTime, ExperimentDirectory dir)
    {
        var annotator = splits.FirstOrDefault()?.Describe();
        var training = options.Training(preset);
        var settings = new List<ReportSetting>
        {
            new("corpus", options.CorpusPath ?? $"built-in synthetic corpus ({options.SyntheticStories:N0} stories with known narrative roles)"),
            new("split", $"{corpus.Train.Count:N0} train / {corpus.Validation.Count:N0} validation / {corpus.HeldOut.Count:N0} held out"),
            new("prompts", $"{prompts.Count} ({(options.PromptsPath is null ? "cut mid-sentence from held-out stories" : options.PromptsPath)}) × {options.CompletionsPerPrompt} completions, same seeds for every model"),
            new("preset", options.BaseModelPath is null ? $"{preset.Name}: {preset.Description}" : "none: every model takes the base model's shape and tokenizer"),
            new("models", options.BaseModelPath is { } basePath ? $"every model fine-tuned from the base model {basePath} with its tokenizer ({Recipe(training)}); cluster tokens <cluster_0>…<cluster_k-1> are new rows, initialised to the mean" : "every model trained from scratch with a BPE trained on the training stories; cluster models add <cluster_0>…<cluster_k-1>. A small model from scratch is a pipeline check, not a test of the paper's claim (the paper fine-tuned TinyStories-33M: use --base)"),
            new("tokenizer", options.BaseModelPath is null
                ? "byte-level BPE trained on the training stories; cluster models add <cluster_0>…<cluster_k-1>, written with no space of their own, so their token ids are the plain stories' ids with one plan id per chunk"
                : "the base model's byte-level BPE; cluster models add <cluster_0>…<cluster_k-1>, written with no space of their own, so their token ids are the plain stories' ids with one plan id per chunk"),
            new("training budget", $"{steps:N0} optimiser steps for every model ({(options.MaxSteps is null ? $"{training.Epochs} epoch{(training.Epochs == 1 ? "" : "s")} of the plain training stories" : "--max-steps")}, batch {training.BatchSize} × accumulation {training.GradientAccumulationSteps} × {training.SequenceLength} tokens){(training.EarlyStoppingPatience is int patience ? $"; early stopping (patience {patience}) may end a model sooner: the steps each ran are in the Training table" : "")}"),
            new("perplexity", $"per plain-text token of the {corpus.HeldOut.Count:N0} held-out stories (the vanilla tokenisation); cluster models pay for their plan tokens (best plan counted)"),
            new("annotation", string.Join("; ", options.Configurations.Select(c => c.Name))),
            new("segmenter", annotator?.Segmenter ?? "none (no cluster-token configuration)"),
            new("masker", annotator?.Masker ?? "none (no cluster-token configuration)"),
            new("embedder", annotator?.Embedder ?? "none (no cluster-token configuration)"),
            new("sampling", $"max {options.MaxNewTokens} new tokens, temperature {options.Temperature}, top-p {options.TopP}"),
            new("judge", evaluation.Judge is null ? "none (offline proxy metrics only; pass --judge with OPENAI_API_KEY set)" : $"{evaluation.Judge.JudgeModel}, rubric {evaluation.Judge.RubricVersion}" + (evaluation.Judge.IsComplete ? "" : $" (incomplete: {evaluation.Judge.Unjudged.Count} samples not judged)")),
            new("plan tokens", options.KeepClusterTokens ? "kept in judged text" : "stripped before evaluation"),
            new("seed", options.Seed.ToString()),
        };

        var curves = outcomes.Select(o => new TrainingCurve(o.Name,
            o.Training.Losses.Select((loss, i) => new LossPoint(o.Training.LossesFromStep + i, loss)).ToList(),
            o.Training.ValidationLosses.Select(v => new LossPoint(v.Step, v.Loss)).ToList()) { IncludesPlanTokens = o.Name != ExperimentRunner.BaselineModel }).ToList();
        var perplexity = outcomes.SelectMany(o => o.Perplexity.Select(p => new PerplexityFigure(o.Name, p.Label, p.Perplexity,
            p.MeanNegativeLogLikelihood, p.PlainTokens, p.PlanTokens, p.Texts, p.Charge == PlanCharge.OraclePlan))).ToList();

        var judgedSamples = evaluation.Samples.Values.SelectMany(s => s).ToDictionary(s => s.Id);
        var offlineById = evaluation.Offline.SelectMany(m => m.Samples).ToDictionary(s => s.Id);
        var judgedById = evaluation.Judge?.Results.ToDictionary(r => r.Sample.Id);
        var samples = outcomes.SelectMany(o => o.Completions.Select(c =>
        {
            var id = $"{o.Name}/p{c.PromptIndex}/s{c.SampleIndex}";
            var judged = judgedSamples[id];
            return new GeneratedSample(o.Name, $"p{c.PromptIndex}", c.SampleIndex, c.Seed, judged.Prompt,
                c.Prompt + c.Generated, judged.Completion, judgedById?.GetValueOrDefault(id), offlineById.GetValueOrDefault(id));
        })).ToList();

        var judge = evaluation.Judge is { } j
            ? new JudgeSettings(j.JudgeModel, j.RubricVersion, evaluation.JudgeHost!, j.Unparseable, j.FromCache) { Unjudged = j.Unjudged.Count, StopReason = j.StopReason }
            : null;

        return new ExperimentReport("Semantic context tokens: cluster-token models vs vanilla", DateTimeOffset.UtcNow, wallTime,
            settings, ExperimentRunner.BaselineModel, curves, judge, evaluation.Scores, evaluation.Comparisons,
            evaluation.Offline, ClusterSection.Build(splits.FirstOrDefault(), corpus, options, dir), samples) { Perplexity = perplexity, PlanAdherence = evaluation.PlanAdherence };
    }

    static string Recipe(CausalLmTrainingOptions t) =>
        $"lr {t.LearningRate:G3}, batch {t.BatchSize}, accumulation {t.GradientAccumulationSteps}, patience {t.EarlyStoppingPatience?.ToString() ?? "none"}";
}
