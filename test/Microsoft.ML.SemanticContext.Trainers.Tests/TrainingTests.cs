using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

public class TrainingTests
{
    internal static CausalLmTrainingOptions Options(string? checkpoints = null) => new()
    {
        BatchSize = 2,
        SequenceLength = 8,
        GradientAccumulationSteps = 2,
        LearningRate = 3e-3f,
        Schedule = LearningRateScheduleKind.Cosine,
        WarmupSteps = 2,
        MaxSteps = 8,
        CheckpointDirectory = checkpoints,
        CheckpointInterval = 3,
        Seed = 7,
    };

    static TokenSequences Data(int sequences = 12) => new(TinyModels.RandomTokens(sequences * 8 + 1, 23, seed: 11), 8);

    [Fact]
    public void OverfittingOneBatchDrivesTheLossNearZero()
    {
        var model = GptNeoModel.CreateRandom(GptNeoConfig.Alternating(23, 32, 2, 4, windowSize: 4, maxPositions: 16), seed: 1);
        var data = new TokenSequences(TinyModels.RandomTokens(2 * 12 + 1, 23, seed: 2), 12);
        var options = new CausalLmTrainingOptions { BatchSize = 2, SequenceLength = 12, LearningRate = 1e-2f, MaxSteps = 300, MaxGradientNorm = 0 };
        var result = new GptNeoTrainer(model, options).Train(data);
        Assert.True(result.Losses[0] > 2.5f, $"first loss {result.Losses[0]}");
        Assert.True(result.Losses[^1] < 0.05f, $"final loss {result.Losses[^1]}");
    }

    [Fact]
    public void SameSeedGivesTheIdenticalLossCurve()
    {
        float[] Run() => new GptNeoTrainer(GptNeoModel.CreateRandom(TinyModels.Config(), seed: 1), Options()).Train(Data()).Losses.ToArray();
        var first = Run();
        Assert.Equal(8, first.Length);
        Assert.Equal(first, Run());
        Assert.True(first[^1] < first[0], "the loss should fall over 8 steps");
    }

    [Fact]
    public void ResumingAfterAKillContinuesWithTheIdenticalNextLoss()
    {
        using var folder = new TestPaths.TempFolder();
        var uninterrupted = new GptNeoTrainer(GptNeoModel.CreateRandom(TinyModels.Config(), seed: 1), Options()).Train(Data()).Losses;

        // "Kill" the run during step 5: the checkpoint of step 3 is on disk, steps 4-5 are lost.
        var killed = GptNeoModel.CreateRandom(TinyModels.Config(), seed: 1);
        var kill = new SyncProgress<TrainingProgress>(p => { if (p.Step == 5) throw new OperationCanceledException("killed"); });
        Assert.Throws<OperationCanceledException>(() => new GptNeoTrainer(killed, Options(folder.Path)).Train(Data(), progress: kill));

        var resumedModel = GptNeoModel.CreateRandom(TinyModels.Config(), seed: 99);  // weights come from the checkpoint
        var resumed = new GptNeoTrainer(resumedModel, Options(folder.Path) with { Resume = true }).Train(Data());
        // Steps 1-3 come from the checkpoint's history, 4-8 are trained again: the whole curve, with its own step numbers.
        Assert.Equal(uninterrupted.ToArray(), resumed.Losses.ToArray());
        Assert.Equal(1, resumed.LossesFromStep);
    }

    [Fact]
    public void ResumingWithDifferentOptionsIsRefused()
    {
        using var folder = new TestPaths.TempFolder();
        new GptNeoTrainer(GptNeoModel.CreateRandom(TinyModels.Config(), seed: 1), Options(folder.Path) with { MaxSteps = 3 }).Train(Data());
        var e = Assert.Throws<InvalidDataException>(() =>
            new GptNeoTrainer(GptNeoModel.CreateRandom(TinyModels.Config(), seed: 1), Options(folder.Path) with { Resume = true, BatchSize = 3 }).Train(Data()));
        Assert.Contains("other options", e.Message);
    }

    [Fact]
    public void NonFiniteLossStopsAtItsStepAndKeepsTheLastGoodCheckpoint()
    {
        using var folder = new TestPaths.TempFolder();
        var model = GptNeoModel.CreateRandom(TinyModels.Config(), seed: 1);
        var options = Options(folder.Path) with { CheckpointInterval = 2 };
        // Poison a weight after step 4's checkpoint so step 5's forward pass overflows.
        var poison = new SyncProgress<TrainingProgress>(p => { if (p.Step == 4) model.Tensor("transformer.ln_f.weight")[0] = float.PositiveInfinity; });
        var e = Assert.Throws<TrainingDivergedException>(() => new GptNeoTrainer(model, options).Train(Data(), progress: poison));
        Assert.Equal(5, e.Step);
        Assert.Equal(TrainingCheckpoint.PathIn(folder.Path), e.LastCheckpoint);
        var saved = TrainingCheckpoint.Load(folder.Path, model.Config, options);
        Assert.Equal(4, saved.Step);
        Assert.All(saved.Parameters, x => Assert.True(float.IsFinite(x)));
    }

    [Fact]
    public void EarlyStoppingStopsAfterPatienceEvaluationsWithoutImprovementAndRestoresTheBestWeights()
    {
        var model = GptNeoModel.CreateRandom(TinyModels.Config(), seed: 1);
        // Training on random tokens overfits quickly, so the loss on other random tokens soon climbs.
        var options = Options() with { LearningRate = 0.02f, Schedule = LearningRateScheduleKind.Constant, WarmupSteps = 0, MaxSteps = 40, ValidationInterval = 1, EarlyStoppingPatience = 2, MaxGradientNorm = 0 };
        var validation = new TokenSequences(TinyModels.RandomTokens(5 * 8 + 1, 23, seed: 12), 8);
        var result = new GptNeoTrainer(model, options).Train(Data(), validation);
        Assert.Equal(TrainingStopReason.EarlyStopping, result.StopReason);
        Assert.True(result.Steps < 40);
        var (bestStep, bestLoss) = result.ValidationLosses.MinBy(v => v.Loss);
        Assert.Equal(result.ValidationLosses.Count - 3, result.ValidationLosses.ToList().IndexOf((bestStep, bestLoss)));
        var trainer = new GptNeoTrainer(model, options);
        Assert.Equal(bestLoss, trainer.Evaluate(validation), 1e-5f);
    }

    [Fact]
    public void TooSmallACorpusIsRejectedWithItsSize()
    {
        var e = Assert.Throws<InvalidInputException>(() =>
            new GptNeoTrainer(GptNeoModel.CreateRandom(TinyModels.Config(), seed: 1), Options()).Train(new TokenSequences(new[] { 1, 2, 3 }, 8)));
        Assert.Contains("0 sequences", e.Message);
    }

    [Fact]
    public void CosineScheduleWarmsUpThenDecaysToTheMinimum()
    {
        var schedule = new LearningRateSchedule(LearningRateScheduleKind.Cosine, 1f, WarmupSteps: 4, TotalSteps: 14, MinimumRatio: 0.1f);
        Assert.Equal(0.25f, schedule.At(1), 1e-6f);
        Assert.Equal(1f, schedule.At(4), 1e-6f);
        Assert.Equal(0.55f, schedule.At(9), 1e-6f);
        Assert.Equal(0.1f, schedule.At(14), 1e-6f);
        Assert.Equal(1f, new LearningRateSchedule(LearningRateScheduleKind.Constant, 1f, 4, 14).At(14));
    }

    [Fact]
    public void PaperSettingsReplaceOnlyThePapersFourValues()
    {
        var mine = new CausalLmTrainingOptions { SequenceLength = 64, LearningRate = 1e-3f, WarmupSteps = 7 };
        var p = mine.WithPaperSettings();
        Assert.Equal((5e-6f, 4, 2, (int?)3), (p.LearningRate, p.BatchSize, p.GradientAccumulationSteps, p.EarlyStoppingPatience));
        Assert.Equal(mine with { LearningRate = p.LearningRate, BatchSize = 4, GradientAccumulationSteps = 2, EarlyStoppingPatience = 3 }, p);
        Assert.Equal((64, 7), (p.SequenceLength, p.WarmupSteps));
    }
}
