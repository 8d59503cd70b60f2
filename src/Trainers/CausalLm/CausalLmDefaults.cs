namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// The one source of the causal-LM trainer's default values: the catalog's simple overload,
/// <see cref="CausalLmTrainerOptions"/>, <see cref="CausalLmTrainingOptions"/>, <see cref="SamplingOptions"/> and the
/// command line read them here. What depends on the model size (shape, tokenizer size, training recipe) lives in the
/// preset table, <see cref="CausalLmPresets"/>.
/// </summary>
public static class CausalLmDefaults
{
    /// <summary>The preset of a model trained from scratch: sized for a CPU (see <see cref="CausalLmPresets"/>).</summary>
    public const string Preset = "cpu";

    public const string GeneratedColumnName = "text_generated";

    // Training options.
    public const int BatchSize = 8;
    public const int SequenceLength = 256;
    public const int GradientAccumulationSteps = 1;
    public const float LearningRate = 5e-4f;
    public const int WarmupSteps = 0;
    public const float Beta1 = 0.9f;
    public const float Beta2 = 0.999f;
    public const float AdamEpsilon = 1e-8f;
    public const float WeightDecay = 0f;
    public const float MaxGradientNorm = 1f;
    public const int Epochs = 1;
    public const int ValidationInterval = 100;
    public const int MaxValidationBatches = 50;
    public const int CheckpointInterval = 100;
    public const int Seed = 1;

    // Sampling options: the experiment's (temperature 0.8, nucleus 0.95), so sctok generate writes as the experiment did.
    public const int MaxNewTokens = 200;
    public const float Temperature = 0.8f;
    public const int TopK = 0;
    public const float TopP = 0.95f;
}
