namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>One optimizer step's report: what a progress bar shows.</summary>
public sealed record TrainingProgress(
    int Step, int TotalSteps, int Epoch, float Loss, float LearningRate, float GradientNorm,
    double TokensPerSecond, TimeSpan Elapsed, TimeSpan EstimatedRemaining, float? ValidationLoss)
{
    public override string ToString() =>
        $"step {Step}/{TotalSteps} epoch {Epoch} loss {Loss:F4} lr {LearningRate:G3} |g| {GradientNorm:F3} "
        + $"{TokensPerSecond:N0} tok/s ETA {EstimatedRemaining:hh\\:mm\\:ss}"
        + (ValidationLoss is float v ? $" val {v:F4}" : string.Empty);
}

/// <summary>Why a training run ended; <see cref="Paused"/>: at <see cref="CausalLmTrainingOptions.PauseAfterStep"/>, checkpointed to resume.</summary>
public enum TrainingStopReason { Completed, EarlyStopping, Cancelled, Paused }

/// <summary>
/// The outcome of a run: the loss of every optimizer step and every validation, across resumes (a resumed run continues
/// the history its checkpoint holds, with the steps' own numbers).
/// </summary>
public sealed record TrainingResult(
    int Steps, TrainingStopReason StopReason, IReadOnlyList<float> Losses,
    IReadOnlyList<(int Step, float Loss)> ValidationLosses, float? BestValidationLoss)
{
    /// <summary>The step of <c>Losses[0]</c>: 1, or later when a checkpoint written before histories were kept was resumed.</summary>
    public int LossesFromStep { get; init; } = 1;
}

/// <summary>Thrown when the loss or the gradient stops being finite; the last checkpoint on disk is left untouched.</summary>
public sealed class TrainingDivergedException : InvalidInputException
{
    public TrainingDivergedException(int step, string quantity, float value, string? lastCheckpoint)
        : base($"Training diverged at step {step}: the {quantity} is {value}. "
            + (lastCheckpoint is null ? "No checkpoint was written." : $"The last good checkpoint is '{lastCheckpoint}'.")
            + " Try a lower learning rate or gradient clipping.")
    {
        Step = step;
        LastCheckpoint = lastCheckpoint;
    }

    /// <summary>The 1-based optimizer step whose loss was not finite.</summary>
    public int Step { get; }

    public string? LastCheckpoint { get; }
}
