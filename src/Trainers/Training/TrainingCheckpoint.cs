using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Everything a killed run needs to continue with the identical next loss, in ONE safetensors file written
/// atomically: the parameters (Hugging Face names), AdamW's moments ("optimizer.m.*", "optimizer.v.*"), the best
/// parameters so far ("best.*", when validation ran), and in the metadata the step, data position, early-stopping state,
/// model config and the options that must not change between runs.
/// </summary>
public sealed class TrainingCheckpoint
{
    public const string FileName = "training-state.safetensors";
    const int FormatVersion = 1;

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
        };
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
        };
    }
}
