using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>One generated continuation: which prompt, which sample, its sampling seed and the raw text (plan tokens kept).</summary>
public sealed record Completion(int PromptIndex, int SampleIndex, int Seed, string Prompt, string Generated);

/// <summary>A trained model's outputs: its loss curve, completions of every prompt and held-out perplexity.</summary>
/// <param name="Perplexity">Per plain-text token; the first is the reported figure (a plan-token model's best-plan bound), then its other figures.</param>
/// <param name="TrainingTokens">Tokens of its training stream (end-of-text separators and plan tokens included).</param>
public sealed record ModelOutcome(string Name, TrainingResult Training, IReadOnlyList<Completion> Completions, IReadOnlyList<PerplexityResult> Perplexity,
    long TrainingTokens);

/// <summary>
/// Trains one model of the experiment (vanilla or cluster-token) with the public causal-LM estimator
/// (<c>ml.TextGeneration.Trainers.CausalLm</c>) on the shared tokenizer, from scratch or from the base model, so every
/// model starts from the same weights;
/// then generates from every prompt and scores held-out perplexity through the fitted transformer. Each step is a
/// resumable stage of the experiment folder: training resumes from its last checkpoint, and finished steps are read
/// back, the model from its <c>model.zip</c> (which <c>sctok generate</c> and <c>sctok perplexity</c> open too).
/// </summary>
/// <param name="baseModel">The base model every model is fine-tuned from (opened once; each fit trains a copy), or null to train from scratch.</param>
public sealed class ModelRun(ExperimentDirectory dir, ExperimentOptions options, CausalLmPreset preset, CausalLanguageModel? baseModel)
{
    /// <param name="tokenizer">The experiment's BPE without plan tokens; the estimator adds those the texts use, on a copy.</param>
    /// <param name="steps">Optimiser steps (<see cref="ExperimentRunner.StepBudget"/>); null: the recipe's epochs over this model's own stream.</param>
    public ModelOutcome Run(string name, ByteLevelBpeTokenizer tokenizer, ExperimentCorpus texts,
        IReadOnlyList<string> prompts, int? steps, IProgress<ProgressEvent>? progress, Action<string> log)
    {
        var (ml, folder) = Context(name, progress, log);
        var (lm, training) = Train(ml, name, folder, tokenizer, texts, steps, pauseAfter: null);
        var completions = Generate(name, folder, lm, prompts, progress);
        var perplexity = Score(ml, name, folder, lm, texts.HeldOut, log);
        long tokens = lm.TrainingSummary?.Tokens ?? throw new InvalidDataException($"{Path.Combine(folder, "model.zip")} has no training summary; delete the folder to retrain it.");
        return new ModelOutcome(name, training, completions, perplexity, tokens);
    }

    /// <summary>
    /// Trains <paramref name="name"/> up to step <paramref name="pauseAfter"/> of the budget, checkpointed, with the
    /// schedule still spanning the whole budget, and returns the model there (its best weights so far); a later call or
    /// <see cref="Run"/> continues from the checkpoint as if never paused. A run that ends before the pause (early
    /// stopping) is finished, as <see cref="Run"/> would have finished it.
    /// </summary>
    public (CausalLmTransformer Model, TrainingResult Training) TrainUntil(string name, ByteLevelBpeTokenizer tokenizer, ExperimentCorpus texts,
        int steps, int pauseAfter, IProgress<ProgressEvent>? progress, Action<string> log)
    {
        var (ml, folder) = Context(name, progress, log);
        return Train(ml, name, folder, tokenizer, texts, steps, pauseAfter);
    }

    /// <summary>The model's folder, and a context whose progress stages ("train") and messages are labelled with the model.</summary>
    (MLContext Ml, string Folder) Context(string name, IProgress<ProgressEvent>? progress, Action<string> log)
    {
        string folder = dir.PathOf("models", name);
        Directory.CreateDirectory(folder);
        var ml = options.CreateContext(progress is null ? null : new ActionProgress<ProgressEvent>(e => progress.Report(e with { Stage = $"{e.Stage} {name}" })));
        ml.LogInfoTo(message => log($"{name}: {message}"));
        return (ml, folder);
    }

    (CausalLmTransformer Model, TrainingResult Training) Train(MLContext ml, string name, string folder, ByteLevelBpeTokenizer tokenizer, ExperimentCorpus texts, int? steps, int? pauseAfter)
    {
        string stage = $"train-{name}", resultPath = Path.Combine(folder, "training.json"), modelPath = Path.Combine(folder, "model.zip");
        if (dir.IsDone(stage)) return (CausalLmTransformer.LoadFrom(ml, modelPath), ReadJson<TrainingResult>(resultPath));

        var trainer = ml.TextGeneration.Trainers.CausalLm(new CausalLmTrainerOptions
        {
            TextColumnName = ColumnNames.Text,
            Preset = preset.Name,
            // A base model brings its own tokenizer (the experiment's tokenizer is a copy of it).
            BaseModel = baseModel,
            Tokenizer = baseModel is null ? tokenizer : null,
            Training = options.Training(preset) with
            {
                MaxSteps = steps,
                CheckpointDirectory = Path.Combine(folder, "checkpoint"),
                Resume = true,
                PauseAfterStep = pauseAfter,
            },
            Seed = options.Seed,
        });
        var train = ml.Data.LoadFromTexts(texts.Train);
        var lm = trainer.Fit(train, ml.Data.LoadFromTexts(texts.Validation));
        var result = lm.Training!;
        if (result.StopReason == TrainingStopReason.Paused) return (lm, result);
        ml.Model.SemanticContext.Save(lm, train.Schema, modelPath);
        WriteJson(resultPath, result);
        dir.MarkDone(stage, new() { ["steps"] = result.Steps, ["bestValidationLoss"] = result.BestValidationLoss });
        return (lm, result);
    }

    List<Completion> Generate(string name, string folder, CausalLmTransformer lm, IReadOnlyList<string> prompts, IProgress<ProgressEvent>? progress)
    {
        string stage = $"generate-{name}", path = Path.Combine(folder, "completions.json");
        if (dir.IsDone(stage)) return ReadJson<List<Completion>>(path);
        var completions = new List<Completion>();
        for (int i = 0; i < prompts.Count; i++)
        {
            // Prompt i uses the same sampling seed for every model, so models differ only in what they learned.
            int seed = options.Seed * 100_003 + i;
            var sampling = new SamplingOptions { MaxNewTokens = options.MaxNewTokens, Temperature = options.Temperature, TopP = options.TopP, Seed = seed };
            var outputs = lm.Generate(prompts[i], options.CompletionsPerPrompt, sampling, keepClusterTokens: true);
            completions.AddRange(outputs.Select((g, j) => new Completion(i, j, seed, prompts[i], g.Continuation)));
            progress?.Report(new ProgressEvent($"generate {name}", i + 1, prompts.Count, $"{completions.Count} completions"));
        }
        WriteJson(path, completions);
        dir.MarkDone(stage, new() { ["completions"] = completions.Count });
        return completions;
    }

    /// <param name="heldOut">Plain stories for the vanilla model; for a cluster-token model the same stories annotated, whose tokens mark only where plans go.</param>
    IReadOnlyList<PerplexityResult> Score(MLContext ml, string name, string folder, CausalLmTransformer lm, IReadOnlyList<string> heldOut, Action<string> log)
    {
        string stage = $"perplexity-{name}", path = Path.Combine(folder, "perplexity.json");
        if (dir.IsDone(stage)) return ReadJson<List<PerplexityResult>>(path);
        var result = lm.Perplexity(ml.Data.LoadFromTexts(heldOut), ColumnNames.Text);
        foreach (var figure in result) log($"perplexity {name}: {figure}");
        WriteJson(path, result);
        dir.MarkDone(stage, new JsonObject { ["perplexity"] = result[0].Perplexity });
        return result;
    }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, IncludeFields = true };

    static void WriteJson<T>(string path, T value) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, Json));

    static T ReadJson<T>(string path) => JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} is empty; delete its stage marker to recompute it.");
}

/// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, which reorders and delays updates).</summary>
sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
