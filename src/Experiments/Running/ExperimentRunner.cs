using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Evaluators;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Experiments.Annotation;
using Microsoft.ML.SemanticContext.Experiments.Protocol;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>
/// Runs the whole protocol of the method: corpus split, prompts, a shared tokenizer, a vanilla model and one
/// cluster-token model per annotation configuration trained from the same initial weights, completions of the same
/// prompts with the same sampling seeds, evaluation (offline metrics always, the LLM judge when asked), statistics
/// against the vanilla baseline, and the report. Every stage is resumable from the experiment folder.
/// </summary>
public sealed class ExperimentRunner(ExperimentOptions options, IProgress<ProgressEvent>? progress, Action<string> log)
{
    public const string BaselineModel = "vanilla";

    public static string ModelName(AnnotationConfig config) => "sct-" + config.Name;

    public async Task<ExperimentSummary> RunAsync(CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        options = options.Validated() with { Cancellation = cancellation };
        var preset = CausalLmPresets.Get(options.Preset);
        // A judge that cannot be reached, or a base model that cannot be fine-tuned, must fail now, not after hours.
        using var judge = options.Judge ? new LlmJudgeEvaluator(JudgeOptions()) : null;
        var baseModel = options.BaseModelPath is { } basePath ? CausalLmBaseModel.Open(basePath, options.Training(preset).SequenceLength) : null;
        var dir = new ExperimentDirectory(options.OutputDirectory);
        dir.Open(options.Fingerprint());
        log(baseModel is null
            ? $"experiment: {dir.Root}, preset {preset.Name} ({preset.Description})"
            : $"experiment: {dir.Root}, every model fine-tuned from '{options.BaseModelPath}' ({baseModel.Model.Config.ParameterCount:N0} parameters, context {baseModel.Model.Config.MaxPositions})");

        var corpus = ExperimentCorpus.Prepare(dir, options, log);
        var tokenizer = PrepareTokenizer(dir, corpus, preset, baseModel?.Tokenizer);
        int context = baseModel?.Model.Config.MaxPositions ?? options.ContextOf(preset);
        var prompts = PreparePrompts(dir, corpus, new PromptBudget(tokenizer, context, options.MaxNewTokens));
        var run = new ModelRun(dir, options, preset, baseModel);
        // The vanilla model trains for the recipe's epochs over its stream (or --max-steps), the budget every model gets:
        // the stream it tokenized while training sets the budget, so the training stories are tokenized once.
        var outcomes = new List<ModelOutcome> { run.Run(BaselineModel, tokenizer, corpus, prompts, options.MaxSteps, progress, log) };
        int steps = StepBudget(options, preset, outcomes[0].TrainingTokens);
        log($"training: {steps:N0} optimiser steps for every model ({(options.MaxSteps is null ? $"{options.Training(preset).Epochs} epoch{(options.Training(preset).Epochs == 1 ? "" : "s")} of the plain training stories, {outcomes[0].TrainingTokens:N0} tokens" : "--max-steps")})");
        var splits = new List<AnnotatedSplit>();
        foreach (var config in options.Configurations)
        {
            cancellation.ThrowIfCancellationRequested();
            var split = AnnotatedSplit.Prepare(dir, config, corpus, prompts, options, progress, log);
            splits.Add(split);
            outcomes.Add(run.Run(ModelName(config), tokenizer, split.Texts, split.Prompts, steps, progress, log));
        }

        var evaluation = await new ExperimentEvaluation(options, judge, progress, log).EvaluateAsync(outcomes, prompts, splits, cancellation);
        var report = ExperimentReportBuilder.Build(options, preset, steps, corpus, prompts, outcomes, splits, evaluation, clock.Elapsed, dir);
        var files = Evaluators.Reporting.ExperimentReportWriter.Write(report, dir.Root);
        log($"report: {files}");
        return new ExperimentSummary(dir.Root, outcomes, evaluation, clock.Elapsed);
    }

    /// <summary>
    /// Equal compute: every model gets the optimiser steps the vanilla model's stream gives (the preset's epochs over the
    /// plain training stories at its batch, accumulation and sequence length), or <c>--max-steps</c>. A cluster-token
    /// model's stream is longer by its plan tokens, which buys it no extra steps.
    /// </summary>
    /// <param name="plainTokens">Tokens of the vanilla model's training stream: the plain training stories, each with its end-of-text.</param>
    public static int StepBudget(ExperimentOptions options, CausalLmPreset preset, long plainTokens)
    {
        var training = options.Training(preset);
        return training.StepsFor(TokenSequences.CountFor(plainTokens, training.SequenceLength));
    }

    LlmJudgeOptions JudgeOptions()
    {
        var judgeOptions = new LlmJudgeOptions
        {
            CachePath = Path.Combine(Path.GetFullPath(options.OutputDirectory), "judge-cache.jsonl"),
            Endpoint = options.JudgeEndpoint,
            ApiKey = options.JudgeApiKey,
            TimeBudget = options.JudgeTimeBudget,
        };
        if (options.JudgeModel is { } model) judgeOptions.Model = model;
        return judgeOptions;
    }

    /// <summary>
    /// The prompts, each leaving room for its completion in the model's context (<paramref name="budget"/>): cut prompts
    /// are drawn only from cuts that fit; a prompt file with a prompt that does not fit is refused before any training.
    /// </summary>
    internal IReadOnlyList<string> PreparePrompts(ExperimentDirectory dir, ExperimentCorpus corpus, PromptBudget budget)
    {
        const string stage = "prompts";
        var path = dir.PathOf("prompts.json");
        string source = options.PromptsPath ?? path;
        if (!dir.IsDone(stage))
        {
            IReadOnlyList<string> prompts = options.PromptsPath is { } file
                ? PromptSet.Load(file).Take(options.PromptCount ?? int.MaxValue).ToList()
                : PromptSet.CutFromStories(corpus.HeldOut, options.PromptCount ?? 20, options.Seed, budget.Fits);
            if (prompts.Count == 0)
                throw new InvalidInputException($"No prompts: no held-out story can be cut mid-sentence into a prompt that leaves {budget.MaxNewTokens} "
                    + $"of the model's {budget.Context} positions for the completion; lower --max-new-tokens.");
            RequireFit(prompts, budget, source);
            log($"prompts: {prompts.Count} {(options.PromptsPath is null ? "cut mid-sentence from held-out stories where the prompt leaves room for the completion" : "from " + options.PromptsPath)} × {options.CompletionsPerPrompt} completions per model");
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(prompts, new JsonSerializerOptions { WriteIndented = true }));
            dir.MarkDone(stage, new() { ["prompts"] = prompts.Count });
        }
        var saved = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(path))!;
        RequireFit(saved, budget, source);
        return saved;
    }

    static void RequireFit(IReadOnlyList<string> prompts, PromptBudget budget, string source)
    {
        for (int i = 0; i < prompts.Count; i++)
            if (!budget.Fits(prompts[i]))
                throw new InvalidInputException($"{source}: prompt {i + 1} takes up to {budget.Tokens(prompts[i])} positions once annotated, and its completion "
                    + $"{budget.MaxNewTokens} more, but the model's context holds {budget.Context}; shorten the prompt or lower --max-new-tokens.");
    }

    /// <param name="baseTokenizer">The base model's tokenizer, which every fine-tuned model keeps; null trains a BPE on the training stories.</param>
    internal ByteLevelBpeTokenizer PrepareTokenizer(ExperimentDirectory dir, ExperimentCorpus corpus, CausalLmPreset preset, ByteLevelBpeTokenizer? baseTokenizer)
    {
        const string stage = "tokenizer";
        var folder = dir.PathOf("tokenizer");
        if (!dir.IsDone(stage))
        {
            Directory.CreateDirectory(folder);
            var tokenizer = baseTokenizer ?? ByteLevelBpeTokenizer.Train(corpus.Train, preset.VocabularySize, [ByteLevelBpeTokenizer.EndOfTextToken, "<unk>"],
                new ActionProgress<double>(f => progress?.Report(new ProgressEvent("tokenizer", (long)(f * 100), 100))));
            tokenizer.Save(folder);
            log(baseTokenizer is null
                ? $"tokenizer: byte-level BPE with {tokenizer.VocabularySize:N0} tokens trained on the training stories"
                : $"tokenizer: the base model's, {tokenizer.VocabularySize:N0} tokens");
            dir.MarkDone(stage, new() { ["vocabulary"] = tokenizer.VocabularySize });
        }
        return ByteLevelBpeTokenizer.Load(folder);
    }
}

/// <summary>What a finished experiment returns to its caller (the CLI prints it; the report holds everything).</summary>
public sealed record ExperimentSummary(string Directory, IReadOnlyList<ModelOutcome> Models, EvaluationResult Evaluation, TimeSpan WallTime);
