using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Options of <see cref="CausalLmTrainer"/>: where the model and tokenizer come from, how training runs, and how the
/// fitted transformer generates. Unset size and training options come from the <see cref="Preset"/>; the rest of the
/// defaults from <see cref="CausalLmDefaults"/>.
/// </summary>
public sealed class CausalLmTrainerOptions
{
    /// <summary>The text to learn from; null uses <c>text_annotated</c> when the data has it, else <c>text</c>.</summary>
    public string? TextColumnName { get; set; }

    /// <summary>
    /// A name of <see cref="CausalLmPresets"/> or hidden:layers:heads: the shape of a new model, the size of a BPE trained
    /// on the data, and the training recipe, each used where the options below leave it unset.
    /// </summary>
    public string Preset { get; set; } = CausalLmDefaults.Preset;

    /// <summary>An explicit model shape (its vocabulary size is replaced by the tokenizer's); overrides the preset's.</summary>
    public GptNeoConfig? ModelConfig { get; set; }

    /// <summary>
    /// Fine-tune this model: a Hugging Face GPT-Neo folder (config.json, model.safetensors or sharded weights, tokenizer
    /// files) or a model .zip, opened as <see cref="CausalLmTransformer.LoadFrom"/> opens them.
    /// </summary>
    public string? BaseModelPath { get; set; }

    /// <summary>
    /// Fine-tune this model, already in memory (e.g. one base opened once by <see cref="CausalLmBaseModel.Open"/> for
    /// several fits), instead of <see cref="BaseModelPath"/>: each fit trains its own copy of the weights and tokenizer,
    /// so the instance never changes. It brings its own tokenizer.
    /// </summary>
    public CausalLanguageModel? BaseModel { get; set; }

    /// <summary>A tokenizer folder (GPT-2 vocab.json + merges.txt, or tokenizer.json); null trains a BPE on the data (or uses the base model's).</summary>
    public string? TokenizerPath { get; set; }

    /// <summary>
    /// A ready tokenizer (e.g. one BPE shared by the models of an experiment), instead of <see cref="TokenizerPath"/>.
    /// The trainer works on a copy: the plan tokens it adds never change this instance.
    /// </summary>
    public ByteLevelBpeTokenizer? Tokenizer { get; set; }

    /// <summary>Ids of the BPE trained on the data when neither a tokenizer nor a base model is given (plan tokens come on top); null: the preset's.</summary>
    public int? VocabularySize { get; set; }

    /// <summary>Optimisation, batching, validation, early stopping and checkpoints; null: the preset's. Its seed is replaced by the trainer's.</summary>
    public CausalLmTrainingOptions? Training { get; set; }

    /// <summary>Names the training data (e.g. the corpus file) in the saved model's training summary and model card; null names the column.</summary>
    public string? DataName { get; set; }

    /// <summary>Seed for the weights of a new model and the data order; null draws one from the context when the trainer is created.</summary>
    public int? Seed { get; set; }

    /// <summary>Per-step training reports (loss, tokens/s, ETA); the context's progress also receives them.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Column the fitted transformer reads prompts from; null: the training text column (as ML.NET scores the column it trained on).</summary>
    public string? PromptColumnName { get; set; }

    /// <summary>Column the fitted transformer writes continuations to.</summary>
    public string GeneratedColumnName { get; set; } = CausalLmDefaults.GeneratedColumnName;

    /// <summary>Sampling used by the transformer's <c>Transform</c> (row i uses seed Sampling.Seed + i).</summary>
    public SamplingOptions Sampling { get; set; } = new();

    /// <summary>Keep <c>&lt;cluster_i&gt;</c> plan tokens in generated text (they are stripped by default).</summary>
    public bool KeepClusterTokens { get; set; }

    /// <summary>Whether a fit fine-tunes a base model (<see cref="BaseModelPath"/> or <see cref="BaseModel"/>).</summary>
    internal bool FineTunes => BaseModelPath is not null || BaseModel is not null;

    /// <summary>A copy, so that changing these options after the trainer was created does not change the trainer.</summary>
    internal CausalLmTrainerOptions Snapshot() => (CausalLmTrainerOptions)MemberwiseClone();

    /// <summary>The training text column in a schema with columns <paramref name="hasColumn"/>.</summary>
    internal string ResolveTextColumn(Func<string, bool> hasColumn) =>
        TextColumnName ?? (hasColumn(ColumnNames.Annotated) ? ColumnNames.Annotated : ColumnNames.Text);
}
