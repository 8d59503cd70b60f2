using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.Trainers.CausalLm(...)</c>.</summary>
public static class CausalLmCatalog
{
    /// <summary>
    /// Trains a GPT-Neo causal language model from scratch (size <paramref name="preset"/>: "1M", "33M" or
    /// hidden:layers:heads) on the annotated text, with a BPE tokenizer trained on the same text.
    /// </summary>
    public static CausalLmTrainer CausalLm(this TrainersCatalog catalog, string preset = CausalLmDefaults.Preset,
        int batchSize = CausalLmDefaults.BatchSize, int sequenceLength = CausalLmDefaults.SequenceLength,
        float learningRate = CausalLmDefaults.LearningRate, int? maxSteps = null, string? textColumnName = null) =>
        new(catalog.Context, new CausalLmTrainerOptions
        {
            Preset = preset,
            TextColumnName = textColumnName,
            Training = new CausalLmTrainingOptions { BatchSize = batchSize, SequenceLength = sequenceLength, LearningRate = learningRate, MaxSteps = maxSteps },
        });

    /// <summary>The trainer with every option (fine-tuning a base model, tokenizer, schedule, early stopping, checkpoints, sampling).</summary>
    public static CausalLmTrainer CausalLm(this TrainersCatalog catalog, CausalLmTrainerOptions options) => new(catalog.Context, options);
}
