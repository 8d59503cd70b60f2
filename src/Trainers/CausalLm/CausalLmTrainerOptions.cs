using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Options of <see cref="CausalLmTrainer"/>: where the model and tokenizer come from, how training runs, and how the
/// fitted transformer generates. Defaults come from <see cref="CausalLmDefaults"/>.
/// </summary>
public sealed class CausalLmTrainerOptions
{
    /// <summary>The text to learn from; null uses <c>text_annotated</c> when the data has it, else <c>text</c>.</summary>
    public string? TextColumnName { get; set; }

    /// <summary>Model size for training from scratch: "1M", "33M" or hidden:layers:heads (ignored with <see cref="BaseModelPath"/>).</summary>
    public string Preset { get; set; } = CausalLmDefaults.Preset;

    /// <summary>An explicit model shape (its vocabulary size is replaced by the tokenizer's); overrides <see cref="Preset"/>.</summary>
    public GptNeoConfig? ModelConfig { get; set; }

    /// <summary>Fine-tune this model: a Hugging Face GPT-Neo folder (config.json + model.safetensors + tokenizer files) or a model .zip.</summary>
    public string? BaseModelPath { get; set; }

    /// <summary>A tokenizer folder (GPT-2 vocab.json + merges.txt, or tokenizer.json); null trains a BPE on the data (or uses the base model's).</summary>
    public string? TokenizerPath { get; set; }

    /// <summary>Vocabulary size of the BPE trained when neither a tokenizer nor a base model is given.</summary>
    public int VocabularySize { get; set; } = CausalLmDefaults.TrainedVocabularySize;

    /// <summary>Optimisation, batching, validation, early stopping and checkpoints. Its seed is replaced by <see cref="Seed"/> when that is set.</summary>
    public CausalLmTrainingOptions Training { get; set; } = new();

    /// <summary>Seed for the weights of a new model and the data order; null derives one from the context.</summary>
    public int? Seed { get; set; }

    /// <summary>Per-step training reports (loss, tokens/s, ETA); the context's progress also receives them.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Column the fitted transformer reads prompts from.</summary>
    public string PromptColumnName { get; set; } = CausalLmDefaults.PromptColumnName;

    /// <summary>Column the fitted transformer writes continuations to.</summary>
    public string GeneratedColumnName { get; set; } = CausalLmDefaults.GeneratedColumnName;

    /// <summary>Sampling used by the transformer's <c>Transform</c> (row i uses seed Sampling.Seed + i).</summary>
    public SamplingOptions Sampling { get; set; } = new();

    /// <summary>Keep <c>&lt;cluster_i&gt;</c> plan tokens in generated text (they are stripped by default).</summary>
    public bool KeepClusterTokens { get; set; }

    internal string ResolveTextColumn(DataSchema schema) =>
        TextColumnName ?? (schema.TryGetColumn(ColumnNames.Annotated, out _) ? ColumnNames.Annotated : ColumnNames.Text);
}
