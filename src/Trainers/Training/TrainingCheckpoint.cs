using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Everything a killed run needs to continue with the identical next loss, in ONE safetensors file written
/// atomically: the parameters (Hugging Face names), AdamW's moments ("optimizer.m.*", "optimizer.v.*"), the best
/// parameters so far ("best.*", when validation ran), the loss history ("history.*"), and in the metadata the step, data
/// position, early-stopping state, model config, the training corpus's fingerprint and the options that must not change
/// between runs. Checkpoints written before the history and the fingerprint were recorded still load without them.
/// </summary>
public sealed class TrainingCheckpoint
{
    public const string FileName = "training-state.safetensors";
    const int FormatVersion = 1;
    const string LossesTensor = "history.losses", ValidationTensor = "history.validation_losses";

    public required int Step { get; init; }
    public required int Epoch { get; init; }

    /// <summary>Micro-batches already consumed in <see cref="Epoch"/>.</summary>
    public required int BatchCursor { get; init; }
    public required float BestValidationLoss { get; init; }
    public required int EvaluationsWithoutImprovement { get; init; }
    public required float[] Parameters { get; init; }
    public required float[] AdamM { get; init; }
    public required float[] AdamV { get; init; }
    public float[]? BestParameters { get; init; }

    /// <summary><see cref="TokenSequences.Fingerprint"/> of the training data; null in older checkpoints.</summary>
    public string? Corpus { get; init; }

    /// <summary>Loss of every step from <see cref="LossesFromStep"/> to <see cref="Step"/>; null in older checkpoints.</summary>
    public float[]? Losses { get; init; }

    /// <summary>The step of <c>Losses[0]</c>: 1, or later when an older checkpoint without history was resumed.</summary>
    public int LossesFromStep { get; init; } = 1;

    public (int Step, float Loss)[]? ValidationLosses { get; init; }

    /// <summary>Options whose change would make a resumed run differ from the uninterrupted one.</summary>
    public static string Fingerprint(CausalLmTrainingOptions o) => string.Join(";", new object[]
    {
        o.BatchSize, o.SequenceLength, o.GradientAccumulationSteps, o.Seed, o.LearningRate, o.Schedule, o.WarmupSteps,
    }.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public void Save(string directory, GptNeoConfig config, CausalLmTrainingOptions options)
    {
        Directory.CreateDirectory(directory);
        var layout = new GptNeoParameterLayout(config);
        var tensors = GptNeoCheckpoint.ToTensors(layout, Parameters, "");
        tensors.AddRange(GptNeoCheckpoint.ToTensors(layout, AdamM, "optimizer.m."));
        tensors.AddRange(GptNeoCheckpoint.ToTensors(layout, AdamV, "optimizer.v."));
        if (BestParameters is not null) tensors.AddRange(GptNeoCheckpoint.ToTensors(layout, BestParameters, "best."));
        if (Losses is { Length: > 0 }) tensors.Add(new NamedTensor(LossesTensor, [Losses.Length], Losses));
        // [evaluations, 2]: (step, loss) rows; steps are exact in float32 up to 2^24.
        if (ValidationLosses is { Length: > 0 })
            tensors.Add(new NamedTensor(ValidationTensor, [ValidationLosses.Length, 2], ValidationLosses.SelectMany(v => new[] { (float)v.Step, v.Loss }).ToArray()));
        var metadata = new Dictionary<string, string>
        {
            ["format_version"] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            ["step"] = Step.ToString(CultureInfo.InvariantCulture),
            ["epoch"] = Epoch.ToString(CultureInfo.InvariantCulture),
            ["batch_cursor"] = BatchCursor.ToString(CultureInfo.InvariantCulture),
            ["best_validation_loss"] = BestValidationLoss.ToString("R", CultureInfo.InvariantCulture),
            ["evaluations_without_improvement"] = EvaluationsWithoutImprovement.ToString(CultureInfo.InvariantCulture),
            ["options"] = Fingerprint(options),
            ["config"] = GptNeoConfigJson.ToJson(config),
            ["losses_from_step"] = LossesFromStep.ToString(CultureInfo.InvariantCulture),
        };
        if (Corpus is not null) metadata["corpus"] = Corpus;
        SafeTensors.Write(PathIn(directory), tensors, metadata);
    }

    /// <summary>Loads a checkpoint and checks it belongs to this model shape and these options.</summary>
    public static TrainingCheckpoint Load(string directory, GptNeoConfig config, CausalLmTrainingOptions options)
    {
        string path = PathIn(directory);
        var (tensors, meta) = SafeTensors.Read(path);
        string Meta(string key) => meta.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"{path}: metadata '{key}' is missing.");
        T Number<T>(string key) where T : INumber<T> => T.TryParse(Meta(key), CultureInfo.InvariantCulture, out var n) ? n
            : throw new InvalidDataException($"{path}: metadata '{key}' is '{Meta(key)}', not a number of type {typeof(T).Name}.");
        int version = Number<int>("format_version");
        if (version != FormatVersion) throw new InvalidDataException($"{path}: training-state format {version} is not supported (expected {FormatVersion}).");
        var saved = GptNeoConfigJson.Parse(Meta("config"), path);
        if (!saved.Equals(config))
            throw new InvalidDataException($"{path}: the checkpoint is for a different model shape ({saved.HiddenSize} hidden, {saved.Layers} layers, {saved.VocabularySize} tokens).");
        if (Meta("options") != Fingerprint(options))
            throw new InvalidDataException($"{path}: the checkpoint was written with other options ({Meta("options")}; now {Fingerprint(options)}); "
                + "batch size, sequence length, accumulation, seed, learning rate, schedule and warm-up must match to resume.");
        var layout = new GptNeoParameterLayout(config);
        float[] Read(string prefix)
        {
            var buffer = new float[layout.TotalSize];
            // The model's own tensors are the un-prefixed "transformer.*" ones; the prefixed copies are read by prefix.
            var source = prefix.Length == 0 ? tensors.Where(t => t.Name.StartsWith("transformer.", StringComparison.Ordinal)) : tensors;
            GptNeoCheckpoint.FillBuffer(layout, buffer, source, path, prefix);
            return buffer;
        }
        bool hasBest = tensors.Any(t => t.Name.StartsWith("best.", StringComparison.Ordinal));
        var validation = tensors.FirstOrDefault(t => t.Name == ValidationTensor)?.Data;
        return new TrainingCheckpoint
        {
            Step = Number<int>("step"),
            Epoch = Number<int>("epoch"),
            BatchCursor = Number<int>("batch_cursor"),
            BestValidationLoss = Number<float>("best_validation_loss"),
            EvaluationsWithoutImprovement = Number<int>("evaluations_without_improvement"),
            Parameters = Read(""),
            AdamM = Read("optimizer.m."),
            AdamV = Read("optimizer.v."),
            BestParameters = hasBest ? Read("best.") : null,
            Corpus = meta.GetValueOrDefault("corpus"),
            Losses = tensors.FirstOrDefault(t => t.Name == LossesTensor)?.Data,
            LossesFromStep = meta.TryGetValue("losses_from_step", out var from) ? int.Parse(from, CultureInfo.InvariantCulture) : 1,
            ValidationLosses = validation is null ? null : Enumerable.Range(0, validation.Length / 2).Select(i => ((int)validation[2 * i], validation[2 * i + 1])).ToArray(),
        };
    }

    /// <summary>
    /// Refuses a resume that cannot continue this run: another training corpus (today's fingerprint differs from the
    /// recorded one) or a step budget the checkpoint has already passed. A checkpoint at exactly the budget resumes
    /// into a finished run, which gives back its weights and history.
    /// </summary>
    public void CheckResumable(string directory, string corpus, int totalSteps, int batchesPerEpoch)
    {
        string path = PathIn(directory);
        if (Corpus is not null && Corpus != corpus)
            throw new InvalidDataException($"{path}: the checkpoint was trained on another corpus (training tokens {Corpus}; now {corpus}). "
                + "Resume with the same corpus and tokenizer, or train without resuming (delete the checkpoint folder).");
        // An older checkpoint has no fingerprint; a data position outside this corpus at least shows it is another one.
        if (BatchCursor > batchesPerEpoch)
            throw new InvalidDataException($"{path}: the checkpoint's data position (batch {BatchCursor} of the epoch) is outside this corpus's "
                + $"{batchesPerEpoch} batches per epoch, so it was trained on another corpus. Resume with the same corpus, or train without resuming.");
        if (Step > totalSteps)
            throw new InvalidDataException($"{path}: the checkpoint is at step {Step}, past this run's budget of {totalSteps} steps (max steps). "
                + $"Resume with a budget of at least {Step} steps, or train without resuming.");
    }

    /// <summary>The step a checkpoint in <paramref name="directory"/> reached, read from its header alone; null when there is none.</summary>
    public static int? StepIn(string directory)
    {
        string path = PathIn(directory);
        if (!File.Exists(path) || !SafeTensors.ReadMetadata(path).TryGetValue("step", out var step)) return null;
        return int.TryParse(step, CultureInfo.InvariantCulture, out int n) ? n
            : throw new InvalidDataException($"{path}: metadata 'step' is '{step}', not a number of type Int32.");
    }
}
