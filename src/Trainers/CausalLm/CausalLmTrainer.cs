using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// The causal-language-model trainer (<c>ml.TextGeneration.Trainers.CausalLm(...)</c>): tokenizes a text column (plan
/// tokens <c>&lt;cluster_i&gt;</c> found in it become vocabulary entries and embedding rows), trains or fine-tunes a
/// GPT-Neo model, and returns a <see cref="CausalLmTransformer"/> that continues the texts of that column, scores
/// perplexity and saves into the pipeline archive. Seed, log, progress, threads and backend come from the context.
/// </summary>
public sealed class CausalLmTrainer : IEstimator<CausalLmTransformer>
{
    internal const string ComponentName = "CausalLm";

    readonly ComponentHost _host;
    readonly CausalLmTrainerOptions _options;
    readonly CausalLmPreset _preset;
    readonly CausalLmTrainingOptions _training;

    public CausalLmTrainer(IHostEnvironment environment, CausalLmTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _host = new ComponentHost(environment, ComponentName);
        _options = options.Snapshot();
        _preset = CausalLmPresets.Get(_options.Preset);
        // Drawn now, as ML.NET's trainers do, so the seed depends on the order components are created, not fitted.
        Seed = _options.Seed ?? _host.NextSeed();
        _training = (_options.Training ?? _preset.Recipe(fineTuning: _options.FineTunes)).Validated() with { Seed = Seed };
        _options.Sampling.Validated();
        Validate(_options);
    }

    /// <summary>The seed of the new model's weights and of the data order.</summary>
    public int Seed { get; }

    /// <summary>The output of the fitted transformer on data with this schema: the generated column added.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var text = _options.ResolveTextColumn(name => inputSchema.Any(c => c.Name == name));
        TrainingColumns(text).Check(inputSchema);
        return CausalLmTransformer.ColumnsOf(Settings(text)).OutputSchema(inputSchema);
    }

    public CausalLmTransformer Fit(IDataView input) => Fit(input, validation: null);

    /// <summary>
    /// Trains on <paramref name="input"/>; <paramref name="validation"/> (same text column) drives early stopping and
    /// the choice of the best weights.
    /// </summary>
    public CausalLmTransformer Fit(IDataView input, IDataView? validation)
    {
        ArgumentNullException.ThrowIfNull(input);
        string column = _options.ResolveTextColumn(name => input.Schema.GetColumnOrNull(name) is not null);
        TrainingColumns(column).Check(input.Schema);
        if (validation is not null) TrainingColumns(column).Check(validation.Schema);
        var texts = StoryRows.Texts(input, column).ToList();
        if (texts.Count == 0) throw new InvalidInputException($"{ComponentName}: column '{column}' has no rows to train on.");
        var validationTexts = validation is null ? null : StoryRows.Texts(validation, column).ToList();

        using var compute = _host.EnterCompute();
        var start = CausalLmStart.Resolve(_options, _preset, Seed, _training.SequenceLength, texts, validationTexts);
        var (model, tokenizer) = (start.Model, start.Tokenizer);
        _host.Log($"causal LM: {ResumeNote()}{start.Origin}; {model.Config.ParameterCount:N0} parameters, vocabulary {tokenizer.VocabularySize:N0} "
            + $"({start.PlanTokens} plan tokens), trained on column '{column}' ({texts.Count:N0} texts), seed {Seed}");

        int T = _training.SequenceLength;
        var train = TokenSequences.FromTexts(texts.Select(tokenizer.Encode), tokenizer.EndOfTextId, T);
        var held = validationTexts is null ? null : TokenSequences.FromTexts(validationTexts.Select(tokenizer.Encode), tokenizer.EndOfTextId, T);
        var result = new GptNeoTrainer(model, _training).Train(train, held, new ForwardingProgress(_options.Progress, _host), _host.Settings.Cancellation);
        if (result.StopReason == TrainingStopReason.Cancelled)
            throw new OperationCanceledException($"Training was cancelled after step {result.Steps}"
                + (_training.CheckpointDirectory is { } checkpoints ? $"; its checkpoint in '{checkpoints}' lets a resumed run continue from there." : "."),
                _host.Settings.Cancellation);
        _host.Log($"causal LM: {result.Steps} steps, stopped: {result.StopReason}, last loss {(result.Losses.Count > 0 ? result.Losses[^1] : float.NaN):F4}"
            + (result.BestValidationLoss is float best ? $", best validation loss {best:F4}" : ""));
        var summary = new CausalLmTrainingSummary(
            _options.DataName ?? $"column '{column}'", texts.Count, train.TokenCount, validationTexts?.Count ?? 0, start.Origin, start.PlanTokens,
            result.Steps, result.StopReason, _training.BatchSize, _training.GradientAccumulationSteps, T, _training.LearningRate,
            result.Losses.Count > 0 ? result.Losses[^1] : null, result.BestValidationLoss);
        return new CausalLmTransformer(_host.Environment, new CausalLanguageModel(model, tokenizer), Settings(column), result, summary);
    }

    /// <summary>"resuming from step N of '…', a run that started as " when the fit continues a checkpoint; its weights replace the start's.</summary>
    string ResumeNote() =>
        _training is { Resume: true, CheckpointDirectory: { } checkpoints } && TrainingCheckpoint.StepIn(checkpoints) is int step
            ? $"resuming from step {step} of '{TrainingCheckpoint.PathIn(checkpoints)}', a run that started as "
            : "";

    /// <summary>The model and tokenizer a fit on these texts starts from (what <see cref="Fit(IDataView, IDataView?)"/> trains).</summary>
    internal CausalLmStart StartingPoint(IReadOnlyList<string> texts, IReadOnlyList<string>? validation = null) =>
        CausalLmStart.Resolve(_options, _preset, Seed, _training.SequenceLength, texts, validation);

    CausalLmGenerationSettings Settings(string textColumn) =>
        new(_options.PromptColumnName ?? textColumn, _options.GeneratedColumnName, _options.Sampling, _options.KeepClusterTokens);

    static StageColumns TrainingColumns(string column) => new(ComponentName, [new(column, StoryColumnKind.Text)], []);

    static void Validate(CausalLmTrainerOptions options)
    {
        if (options.Tokenizer is not null && options.TokenizerPath is not null)
            throw new ArgumentException($"{ComponentName}: set either Tokenizer or TokenizerPath, not both.", nameof(options));
        if (options.BaseModel is not null && options.BaseModelPath is not null)
            throw new ArgumentException($"{ComponentName}: set either BaseModel or BaseModelPath, not both.", nameof(options));
        if (options.BaseModel is not null && (options.Tokenizer is not null || options.TokenizerPath is not null))
            throw new InvalidOptionException(nameof(options.TokenizerPath), "must be left unset: the base model carries its own tokenizer.");
        if (options.BaseModelPath is { } path && CausalLmStart.IsModelArchive(path) && (options.Tokenizer is not null || options.TokenizerPath is not null))
            throw new InvalidOptionException(nameof(options.TokenizerPath), $"must be left unset: the model archive '{path}' carries its own tokenizer.");
        if (options.VocabularySize is < CausalLmStart.MinimumTrainedVocabulary)
            throw new InvalidOptionException(nameof(options.VocabularySize),
                $"must be at least {CausalLmStart.MinimumTrainedVocabulary} (256 bytes, <|endoftext|> and <unk>), not {options.VocabularySize}.");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.GeneratedColumnName, nameof(options.GeneratedColumnName));
    }

    /// <summary>Passes training reports to the caller's progress and to the context's, as generic progress events.</summary>
    sealed class ForwardingProgress(IProgress<TrainingProgress>? inner, ComponentHost host) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            inner?.Report(value);
            host.ReportProgress("train", value.Step, value.TotalSteps,
                $"loss {value.Loss:F3}{(value.ValidationLoss is float v ? $" val {v:F3}" : "")} {value.TokensPerSecond:N0} tok/s");
        }
    }
}
