namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>Everything that controls a training run of a causal language model.</summary>
public sealed record CausalLmTrainingOptions
{
    /// <summary>Sequences per micro-batch.</summary>
    public int BatchSize { get; init; } = CausalLmDefaults.BatchSize;

    /// <summary>Tokens per training sequence (the model's context caps it).</summary>
    public int SequenceLength { get; init; } = CausalLmDefaults.SequenceLength;

    /// <summary>Micro-batches whose gradients are summed before one optimizer step.</summary>
    public int GradientAccumulationSteps { get; init; } = CausalLmDefaults.GradientAccumulationSteps;

    public float LearningRate { get; init; } = CausalLmDefaults.LearningRate;
    public LearningRateScheduleKind Schedule { get; init; } = LearningRateScheduleKind.Constant;
    public int WarmupSteps { get; init; } = CausalLmDefaults.WarmupSteps;

    /// <summary>Cosine schedule only: the final rate as a fraction of the peak.</summary>
    public float MinimumLearningRateRatio { get; init; }

    public float Beta1 { get; init; } = CausalLmDefaults.Beta1;
    public float Beta2 { get; init; } = CausalLmDefaults.Beta2;
    public float AdamEpsilon { get; init; } = CausalLmDefaults.AdamEpsilon;

    /// <summary>Decoupled weight decay, applied to matrices and embeddings only (not biases or LayerNorm gains).</summary>
    public float WeightDecay { get; init; } = CausalLmDefaults.WeightDecay;

    /// <summary>Clip the global gradient norm to this value; 0 or less disables clipping.</summary>
    public float MaxGradientNorm { get; init; } = CausalLmDefaults.MaxGradientNorm;

    /// <summary>Passes over the training sequences; ignored when <see cref="MaxSteps"/> is set.</summary>
    public int Epochs { get; init; } = CausalLmDefaults.Epochs;

    /// <summary>Optimizer steps to run; null means <see cref="Epochs"/> full passes.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>Optimizer steps a run over <paramref name="sequences"/> training examples takes: <see cref="MaxSteps"/>, or <see cref="Epochs"/> passes of batch × accumulation examples per step.</summary>
    public int StepsFor(int sequences) => MaxSteps ?? Epochs * (sequences / BatchSize / GradientAccumulationSteps);

    /// <summary>
    /// Stop after this optimizer step with a checkpoint, while the schedule still spans the whole budget, so a later run
    /// with <see cref="Resume"/> continues as if never stopped (successive halving's rungs); null runs to the end.
    /// </summary>
    public int? PauseAfterStep { get; init; }

    /// <summary>Evaluate the validation loss every this many optimizer steps (and at the end).</summary>
    public int ValidationInterval { get; init; } = CausalLmDefaults.ValidationInterval;

    /// <summary>Upper bound on validation batches per evaluation, so evaluation stays a small share of the run.</summary>
    public int MaxValidationBatches { get; init; } = CausalLmDefaults.MaxValidationBatches;

    /// <summary>Stop after this many evaluations without a better validation loss; null disables early stopping.</summary>
    public int? EarlyStoppingPatience { get; init; }

    /// <summary>Folder for resumable checkpoints; null disables them.</summary>
    public string? CheckpointDirectory { get; init; }

    /// <summary>Write a checkpoint every this many optimizer steps (and at the end).</summary>
    public int CheckpointInterval { get; init; } = CausalLmDefaults.CheckpointInterval;

    /// <summary>Continue from the checkpoint in <see cref="CheckpointDirectory"/> when one exists.</summary>
    public bool Resume { get; init; }

    /// <summary>Seeds the data order (and the weights of a model trained from scratch).</summary>
    public int Seed { get; init; } = CausalLmDefaults.Seed;

    /// <summary>
    /// These options with the paper's fine-tuning settings: AdamW at lr 5e-6, batch 4, gradient accumulation 2, early
    /// stopping with patience 3 on the validation loss.
    /// </summary>
    public CausalLmTrainingOptions WithPaperSettings() => this with
    {
        LearningRate = 5e-6f,
        BatchSize = 4,
        GradientAccumulationSteps = 2,
        EarlyStoppingPatience = 3,
    };

    /// <summary>Throws naming the first option that cannot work.</summary>
    public CausalLmTrainingOptions Validated()
    {
        Require(BatchSize > 0, nameof(BatchSize), BatchSize, "positive");
        Require(SequenceLength > 0, nameof(SequenceLength), SequenceLength, "positive");
        Require(GradientAccumulationSteps > 0, nameof(GradientAccumulationSteps), GradientAccumulationSteps, "positive");
        Require(LearningRate > 0 && float.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "a positive finite number");
        Require(WarmupSteps >= 0, nameof(WarmupSteps), WarmupSteps, "0 or more");
        Require(MinimumLearningRateRatio is >= 0 and <= 1, nameof(MinimumLearningRateRatio), MinimumLearningRateRatio, "in [0, 1]");
        Require(Beta1 is >= 0 and < 1, nameof(Beta1), Beta1, "in [0, 1)");
        Require(Beta2 is >= 0 and < 1, nameof(Beta2), Beta2, "in [0, 1)");
        Require(AdamEpsilon > 0, nameof(AdamEpsilon), AdamEpsilon, "positive");
        Require(WeightDecay >= 0, nameof(WeightDecay), WeightDecay, "0 or more");
        Require(Epochs > 0, nameof(Epochs), Epochs, "positive");
        Require(MaxSteps is null or > 0, nameof(MaxSteps), MaxSteps, "positive");
        Require(PauseAfterStep is null or > 0, nameof(PauseAfterStep), PauseAfterStep, "positive");
        Require(ValidationInterval > 0, nameof(ValidationInterval), ValidationInterval, "positive");
        Require(MaxValidationBatches > 0, nameof(MaxValidationBatches), MaxValidationBatches, "positive");
        Require(EarlyStoppingPatience is null or > 0, nameof(EarlyStoppingPatience), EarlyStoppingPatience, "positive");
        Require(CheckpointInterval > 0, nameof(CheckpointInterval), CheckpointInterval, "positive");
        return this;
    }

    static void Require(bool ok, string name, object? value, string rule)
    {
        if (!ok) throw new InvalidOptionException(name, $"must be {rule}, not {value}.");
    }
}
