using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.TextGeneration.Trainers.CausalLm(...)</c>: the GPT-Neo causal language model trainer.</summary>
public static class CausalLmCatalog
{
    /// <summary>
    /// Trains a GPT-Neo causal language model from scratch on a text column, with a BPE tokenizer trained on the same
    /// text; plan tokens <c>&lt;cluster_i&gt;</c> in it become vocabulary entries. The <paramref name="preset"/>
    /// (<see cref="CausalLmPresets"/>) gives the model size, the tokenizer size and the training recipe; the other
    /// arguments, when given, replace the recipe's values.
    /// </summary>
    /// <param name="textColumnName">The text to learn from; null uses <c>text_annotated</c> when the data has it, else <c>text</c>.</param>
    public static CausalLmTrainer CausalLm(this TextGenerationTrainers catalog, string? textColumnName = null,
        string preset = CausalLmDefaults.Preset, int? maxSteps = null, float? learningRate = null, int? batchSize = null, int? sequenceLength = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var training = CausalLmPresets.Get(preset).Training;
        return new(catalog.Environment, new CausalLmTrainerOptions
        {
            TextColumnName = textColumnName,
            Preset = preset,
            Training = training with
            {
                MaxSteps = maxSteps ?? training.MaxSteps,
                LearningRate = learningRate ?? training.LearningRate,
                BatchSize = batchSize ?? training.BatchSize,
                SequenceLength = sequenceLength ?? training.SequenceLength,
            },
        });
    }

    /// <summary>The trainer with every option (fine-tuning a base model, tokenizer, schedule, early stopping, checkpoints, sampling).</summary>
    public static CausalLmTrainer CausalLm(this TextGenerationTrainers catalog, CausalLmTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new(catalog.Environment, options);
    }
}
