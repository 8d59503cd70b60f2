using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>A model shape with the tokenizer and training settings that go with it.</summary>
/// <param name="VocabularySize">Byte-level BPE trained on the corpus; the cluster tokens come on top.</param>
public sealed record ExperimentPreset(string Name, string Description, Func<int, GptNeoConfig> Model, int VocabularySize, CausalLmTrainingOptions Training);

/// <summary>
/// Presets of the experiment. <c>cpu</c> (default) trains in minutes on 2 cores; <c>1M</c> and <c>33M</c> are the
/// paper's TinyStories shapes with the paper's fine-tuning settings (AdamW lr 5e-6, batch 4, accumulation 2,
/// patience 3), meant for a real TinyStories checkpoint or a long run.
/// </summary>
public static class ExperimentPresets
{
    public const string Default = "cpu";

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

    public static IReadOnlyList<ExperimentPreset> All { get; } =
    [
        new("cpu", "hidden 128, 4 layers (global/local, window 64), 4 heads; BPE 2,048; from scratch, 2 epochs",
            vocab => GptNeoConfig.Alternating(vocab, hiddenSize: 128, layers: 4, heads: 4, windowSize: 64, maxPositions: 256), 2048, FromScratch),
        new("1M", "TinyStories-1M shape (hidden 64, 8 layers, 16 heads); paper fine-tuning settings",
            vocab => GptNeoConfig.TinyStories1M(vocab), 2048, CausalLmTrainingOptions.PaperPreset with { SequenceLength = 256 }),
        new("33M", "TinyStories-33M shape (hidden 768, 4 layers, 16 heads); paper fine-tuning settings",
            vocab => GptNeoConfig.TinyStories33M(vocab), 2048, CausalLmTrainingOptions.PaperPreset with { SequenceLength = 256 }),
    ];

    public static ExperimentPreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown experiment preset '{name}'. Presets: {string.Join(", ", All.Select(p => p.Name))}.");
}
