using System.Globalization;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>A model size with the tokenizer size and training recipe that go with it.</summary>
/// <param name="Shape">The model's shape for a vocabulary of the given number of ids.</param>
/// <param name="VocabularySize">Ids of the byte-level BPE trained on the data when no tokenizer is given; plan tokens come on top.</param>
/// <param name="Training">The recipe for training this shape from scratch.</param>
public sealed record CausalLmPreset(string Name, string Description, Func<int, GptNeoConfig> Shape, int VocabularySize, CausalLmTrainingOptions Training)
{
    /// <summary>The training recipe: <see cref="CausalLmPresets.FineTuning"/> when fine-tuning a base model, else this preset's own.</summary>
    public CausalLmTrainingOptions Recipe(bool fineTuning) => fineTuning ? CausalLmPresets.FineTuning : Training;
}

/// <summary>
/// The presets of the causal-LM trainer, used by the estimator, <c>sctok train</c> and the experiment. Each trains its
/// shape from scratch with a recipe that trains well at that size: <c>cpu</c> (the default) in minutes on 2 cores;
/// <c>1M</c> and <c>33M</c> are the paper's TinyStories shapes (AdamW with linear warm-up and cosine decay, peak lr 2e-3
/// and 5e-4). A model fine-tuned from a base model (<see cref="CausalLmTrainerOptions.BaseModelPath"/>) takes its shape
/// from the base and trains with <see cref="FineTuning"/>, the paper's settings (lr 5e-6, batch 4, accumulation 2,
/// patience 3). A custom <c>hidden:layers:heads</c> (e.g. <c>256:4:8</c>) alternates global and local attention
/// (window 256, context 2048) and trains with the default preset's tokenizer and recipe.
/// </summary>
public static class CausalLmPresets
{
    static readonly CausalLmTrainingOptions FromScratch = new()
    {
        BatchSize = 8,
        SequenceLength = 128,
        LearningRate = 2e-3f,
        Schedule = LearningRateScheduleKind.Cosine,
        WarmupSteps = 30,
        MinimumLearningRateRatio = 0.1f,
        WeightDecay = 0.01f,
        Epochs = 2,
        ValidationInterval = 50,
        MaxValidationBatches = 8,
        EarlyStoppingPatience = 3,
    };

    /// <summary>The recipe of a model fine-tuned from a base model: the paper's settings (AdamW lr 5e-6, batch 4, accumulation 2, patience 3).</summary>
    public static CausalLmTrainingOptions FineTuning { get; } = new CausalLmTrainingOptions().WithPaperSettings();

    public static IReadOnlyList<CausalLmPreset> All { get; } =
    [
        new("cpu", "hidden 128, 4 layers (global/local, window 64), 4 heads; BPE 2,048; from scratch, 2 epochs",
            vocabulary => GptNeoConfig.Alternating(vocabulary, hiddenSize: 128, layers: 4, heads: 4, windowSize: 64, maxPositions: 256), 2048, FromScratch),
        new("1M", "TinyStories-1M shape (hidden 64, 8 layers, 16 heads); BPE 2,048; from scratch, lr 2e-3 cosine, 256-token sequences",
            vocabulary => GptNeoConfig.TinyStories1M(vocabulary), 2048, FromScratch with { SequenceLength = 256 }),
        new("33M", "TinyStories-33M shape (hidden 768, 4 layers, 16 heads); BPE 2,048; from scratch, lr 5e-4 cosine, 256-token sequences",
            vocabulary => GptNeoConfig.TinyStories33M(vocabulary), 2048, FromScratch with { SequenceLength = 256, LearningRate = 5e-4f }),
    ];

    /// <summary>A preset of <see cref="All"/> by name (any case), or a custom <c>hidden:layers:heads</c> shape.</summary>
    public static CausalLmPreset Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var known = All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (known is not null) return known;
        var parts = name.Split(':');
        if (parts.Length == 3 && parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int v) && v > 0))
        {
            var (hidden, layers, heads) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
            var recipe = Get(CausalLmDefaults.Preset);
            return recipe with
            {
                Name = name,
                Description = $"hidden {hidden}, {layers} layers (global/local, window 256), {heads} heads; the {recipe.Name} preset's tokenizer and training",
                Shape = vocabulary => GptNeoConfig.Alternating(vocabulary, hidden, layers, heads),
            };
        }
        throw new InvalidOptionException("Preset",
            $"'{name}' is not a model preset. Use {string.Join(", ", All.Select(p => p.Name))} or hidden:layers:heads (e.g. 256:4:8).");
    }
}
