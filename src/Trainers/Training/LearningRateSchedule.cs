namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>How the learning rate moves after warm-up.</summary>
public enum LearningRateScheduleKind
{
    /// <summary>Linear warm-up, then constant.</summary>
    Constant,

    /// <summary>Linear warm-up, then a half cosine from the peak down to peak × MinimumRatio at the last step.</summary>
    Cosine,
}

/// <summary>The learning rate at each optimizer step (1-based), a pure function so resumed runs get the same rates.</summary>
public sealed record LearningRateSchedule(LearningRateScheduleKind Kind, float PeakLearningRate, int WarmupSteps, int TotalSteps, float MinimumRatio = 0f)
{
    public float At(int step)
    {
        if (WarmupSteps > 0 && step <= WarmupSteps) return PeakLearningRate * step / WarmupSteps;
        if (Kind == LearningRateScheduleKind.Constant || TotalSteps <= WarmupSteps) return PeakLearningRate;
        double progress = Math.Clamp((double)(step - WarmupSteps) / (TotalSteps - WarmupSteps), 0, 1);
        double cosine = 0.5 * (1 + Math.Cos(Math.PI * progress));
        return (float)(PeakLearningRate * (MinimumRatio + (1 - MinimumRatio) * cosine));
    }
}
