using Microsoft.ML.SemanticContext.Storage;
using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>
/// Resuming keeps the whole loss history with the steps' own numbers, and refuses what cannot continue the run: another
/// corpus, or a step budget the checkpoint has passed. Checkpoints written before the history existed still resume.
/// </summary>
public class ResumeTests
{
    /// <summary>The training tests' recipe (checkpoints every 3 steps) with a validation every 2 steps.</summary>
    static CausalLmTrainingOptions Options(string checkpoints, int maxSteps = 8) =>
        TrainingTests.Options(checkpoints) with { MaxSteps = maxSteps, ValidationInterval = 2 };

    static TokenSequences Data(int sequences = 12, int seed = 11) => new(TinyModels.RandomTokens(sequences * 8 + 1, 23, seed), 8);

    static TokenSequences Validation => new(TinyModels.RandomTokens(4 * 8 + 1, 23, seed: 12), 8);

    static TrainingResult Train(CausalLmTrainingOptions options, TokenSequences? data = null, IProgress<TrainingProgress>? progress = null) =>
        new GptNeoTrainer(GptNeoModel.CreateRandom(TinyModels.Config(), seed: 1), options).Train(data ?? Data(), Validation, progress);

    /// <summary>Trains until step 5 is reported, then "kills" the run: the checkpoint of step 3 is what is left.</summary>
    static void TrainAndKillAtStep5(string folder, TokenSequences? data = null)
    {
        var kill = new SyncProgress<TrainingProgress>(p => { if (p.Step == 5) throw new OperationCanceledException("killed"); });
        Assert.Throws<OperationCanceledException>(() => Train(Options(folder), data, kill));
    }

    [Fact]
    public void AResumedRunReturnsTheWholeHistoryOfLossesAndValidations()
    {
        using var folder = new TestPaths.TempFolder();
        using var uninterruptedFolder = new TestPaths.TempFolder();
        var uninterrupted = Train(Options(uninterruptedFolder.Path));
        TrainAndKillAtStep5(folder.Path);

        var resumed = Train(Options(folder.Path) with { Resume = true });

        Assert.Equal(uninterrupted.Losses, resumed.Losses);
        Assert.Equal(1, resumed.LossesFromStep);
        Assert.Equal([2, 4, 6, 8], resumed.ValidationLosses.Select(v => v.Step));
        Assert.Equal(uninterrupted.ValidationLosses, resumed.ValidationLosses);
    }

    [Fact]
    public void ARunPausedAtStepsAndResumedEndsExactlyAsAnUninterruptedOne()
    {
        using var folder = new TestPaths.TempFolder();
        using var uninterruptedFolder = new TestPaths.TempFolder();
        var uninterrupted = Train(Options(uninterruptedFolder.Path));

        var paused = Train(Options(folder.Path) with { PauseAfterStep = 5 });
        Assert.Equal((TrainingStopReason.Paused, 5), (paused.StopReason, paused.Steps));
        Assert.Equal(5, TrainingCheckpoint.StepIn(folder.Path));
        var again = Train(Options(folder.Path) with { Resume = true, PauseAfterStep = 7 });
        Assert.Equal((TrainingStopReason.Paused, 7), (again.StopReason, again.Steps));
        var finished = Train(Options(folder.Path) with { Resume = true });

        // The schedule spans the whole budget from the start, so the pauses change nothing: successive halving's promise.
        Assert.Equal((TrainingStopReason.Completed, 8), (finished.StopReason, finished.Steps));
        Assert.Equal(uninterrupted.Losses, finished.Losses);
        Assert.Equal(uninterrupted.ValidationLosses, finished.ValidationLosses);
    }

    [Fact]
    public void ResumingOnAnotherCorpusIsRefusedNamingTheCheckpoint()
    {
        using var folder = new TestPaths.TempFolder();
        TrainAndKillAtStep5(folder.Path);

        // Same size, other tokens: only the fingerprint tells them apart. Smaller: the old data position is outside it.
        foreach (var other in new[] { Data(seed: 5), Data(sequences: 6) })
        {
            var e = Assert.Throws<InvalidDataException>(() => Train(Options(folder.Path) with { Resume = true }, other));
            Assert.StartsWith(TrainingCheckpoint.PathIn(folder.Path), e.Message);
            Assert.Contains("trained on another corpus", e.Message);
        }
    }

    [Fact]
    public void AStepBudgetTheCheckpointHasPassedIsRefusedAndAFinishedRunResumesIntoItsResult()
    {
        using var folder = new TestPaths.TempFolder();
        var finished = Train(Options(folder.Path));

        var e = Assert.Throws<InvalidDataException>(() => Train(Options(folder.Path, maxSteps: 5) with { Resume = true }));
        Assert.Contains("at step 8, past this run's budget of 5 steps", e.Message);

        var again = Train(Options(folder.Path) with { Resume = true });
        Assert.Equal(8, again.Steps);
        Assert.Equal(finished.Losses, again.Losses);
    }

    [Fact]
    public void ACheckpointWithoutHistoryOrFingerprintStillResumesAndItsCurveStartsAfterItsStep()
    {
        using var folder = new TestPaths.TempFolder();
        using var uninterruptedFolder = new TestPaths.TempFolder();
        var uninterrupted = Train(Options(uninterruptedFolder.Path));
        TrainAndKillAtStep5(folder.Path);
        WriteAsOlderVersion(TrainingCheckpoint.PathIn(folder.Path));

        // Without a fingerprint, a corpus too small for the recorded data position is still recognised.
        var e = Assert.Throws<InvalidDataException>(() => Train(Options(folder.Path) with { Resume = true }, Data(sequences: 6)));
        Assert.Contains("trained on another corpus", e.Message);
        var resumed = Train(Options(folder.Path) with { Resume = true });

        Assert.Equal(uninterrupted.Losses.Skip(3), resumed.Losses);
        Assert.Equal(4, resumed.LossesFromStep);
    }

    /// <summary>Removes what older checkpoints did not record: the history tensors and the corpus and history metadata.</summary>
    static void WriteAsOlderVersion(string path)
    {
        var (tensors, metadata) = SafeTensors.Read(path);
        Assert.Contains(tensors, t => t.Name.StartsWith("history.", StringComparison.Ordinal));
        Assert.True(metadata.Remove("corpus") && metadata.Remove("losses_from_step"));
        SafeTensors.Write(path, tensors.Where(t => !t.Name.StartsWith("history.", StringComparison.Ordinal)).ToList(), metadata);
    }
}
