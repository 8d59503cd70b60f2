using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Tokenizers;
using static Microsoft.ML.SemanticContext.Trainers.Tests.CausalLmTestData;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

public class CausalLmTrainerTests
{
    [Fact]
    public void FitAddsThePlanTokensOfTheTextAndTrainsTheGivenSteps()
    {
        var ml = new MLContext(seed: 1);
        var transformer = ml.TextGeneration.Trainers.CausalLm(Options()).Fit(Annotated(ml));
        var lm = transformer.LanguageModel;
        Assert.Equal(3, PlanTokenVocabulary.IdsIn(lm.Tokenizer).Count);
        // The trained BPE has the 300 ids asked for; the plan tokens come on top.
        Assert.Equal(303, lm.Tokenizer.VocabularySize);
        Assert.Equal(lm.Tokenizer.VocabularySize, lm.Model.Config.VocabularySize);
        Assert.Equal(3, transformer.Training!.Steps);
        Assert.Equal(3, transformer.Training.Losses.Count);
        Assert.Equal(Data.ColumnNames.Annotated, transformer.Settings.PromptColumnName);
    }

    [Fact]
    public void FineTuningAHuggingFaceFolderExtendsItsVocabularyWithThePlanTokens()
    {
        using var folder = new TestPaths.TempFolder();
        var tokenizer = ByteLevelBpeTokenizer.Train(PlainStories, 280);
        var baseModel = GptNeoModel.CreateRandom(GptNeoConfig.Alternating(tokenizer.VocabularySize, 16, 2, 2, windowSize: 8, maxPositions: 64), seed: 9);
        new CausalLanguageModel(baseModel, tokenizer).Save(folder.Path);  // a Hugging Face folder

        var ml = new MLContext(seed: 1);
        var options = Options();
        options.BaseModelPath = folder.Path;
        options.Training = options.Training! with { LearningRate = 1e-9f, MaxSteps = 1 };
        var tuned = ml.TextGeneration.Trainers.CausalLm(options).Fit(Annotated(ml)).LanguageModel;
        Assert.Equal(baseModel.Config with { VocabularySize = tokenizer.VocabularySize + 3 }, tuned.Model.Config);
        // With a negligible learning rate the old rows are (almost) the base model's and the new rows their mean.
        int C = 16, oldV = tokenizer.VocabularySize;
        var wte = tuned.Model.Tensor("transformer.wte.weight");
        var baseWte = baseModel.Tensor("transformer.wte.weight");
        for (int i = 0; i < baseWte.Length; i++) Assert.Equal(baseWte[i], wte[i], 1e-5f);
        double mean0 = 0;
        for (int r = 0; r < oldV; r++) mean0 += baseWte[r * C];
        Assert.Equal(mean0 / oldV, wte[(oldV + 2) * C], 1e-5);
    }

    [Fact]
    public void FineTuningAModelArchiveStartsFromItsWeightsAndTokenizer()
    {
        using var folder = new TestPaths.TempFolder();
        var ml = new MLContext(seed: 1);
        var (first, path) = FitAndSave(ml, folder.Path);

        var options = Options();
        options.BaseModelPath = path;
        options.VocabularySize = null;
        var trainer = ml.TextGeneration.Trainers.CausalLm(options);
        var start = trainer.StartingPoint(Stories);
        Assert.Equal(first.LanguageModel.Model.Parameters, start.Model.Parameters);
        Assert.Equal(first.LanguageModel.Tokenizer.Encode(Stories[1]), start.Tokenizer.Encode(Stories[1]));
        Assert.Equal(3, trainer.Fit(Annotated(ml)).Training!.Steps);

        options.TokenizerPath = folder.Path;
        var e = Assert.Throws<InvalidOptionException>(() => ml.TextGeneration.Trainers.CausalLm(options));
        Assert.Contains("carries its own tokenizer", e.Message);
    }

    [Fact]
    public void TheSeedComesFromTheContextUnlessTheOptionsGiveOne()
    {
        float[] Fit(int contextSeed, int? seed = null)
        {
            var ml = new MLContext(contextSeed);
            var options = Options();
            options.Seed = seed;
            return ml.TextGeneration.Trainers.CausalLm(options).Fit(Annotated(ml)).LanguageModel.Model.Parameters;
        }
        Assert.Equal(Fit(3), Fit(3));
        Assert.NotEqual(Fit(3), Fit(4));
        Assert.Equal(Fit(3, seed: 7), Fit(4, seed: 7));
    }

    [Fact]
    public void TheSeedIsDrawnWhenTheTrainerIsCreated()
    {
        var ml = new MLContext(seed: 5);
        var first = ml.TextGeneration.Trainers.CausalLm(Options());
        var second = ml.TextGeneration.Trainers.CausalLm(Options());
        var again = new MLContext(seed: 5).TextGeneration.Trainers.CausalLm(Options());
        Assert.NotEqual(first.Seed, second.Seed);
        Assert.Equal(first.Seed, again.Seed);
        // Fitting the second trainer first does not change what the first one trains.
        var secondModel = second.Fit(Annotated(ml)).LanguageModel.Model.Parameters;
        Assert.Equal(again.Fit(Annotated(ml)).LanguageModel.Model.Parameters, first.Fit(Annotated(ml)).LanguageModel.Model.Parameters);
        Assert.NotEqual(secondModel, first.Fit(Annotated(ml)).LanguageModel.Model.Parameters);
    }

    [Fact]
    public void MessagesReachTheContextLogAndProgressReachesBothSinks()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<LoggingEventArgs>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e); };
        var events = new List<ProgressEvent>();
        ml.Progress = new SyncProgress<ProgressEvent>(events.Add);
        var reports = new List<TrainingProgress>();
        var options = Options();
        options.Progress = new SyncProgress<TrainingProgress>(reports.Add);
        ml.TextGeneration.Trainers.CausalLm(options).Fit(Annotated(ml));

        var info = messages.Where(m => m.Kind == ChannelMessageKind.Info && m.Source.StartsWith(CausalLmTrainer.ComponentName, StringComparison.Ordinal)).Select(m => m.RawMessage).ToList();
        Assert.Contains(info, m => m.Contains("3 plan tokens") && m.Contains("'text_annotated'"));
        Assert.Contains(info, m => m.StartsWith("causal LM: 3 steps, stopped: Completed"));
        Assert.Equal([1, 2, 3], reports.Select(r => r.Step));
        Assert.Equal([(1L, 3L), (2L, 3L), (3L, 3L)], events.Where(e => e.Stage == "train").Select(e => (e.Done, e.Total!.Value)));
    }

    [Fact]
    public void AKilledFitResumesFromItsCheckpointWithTheIdenticalNextLoss()
    {
        using var folder = new TestPaths.TempFolder();
        CausalLmTrainerOptions Run(string? checkpoints, bool resume, IProgress<TrainingProgress>? progress = null)
        {
            var options = Options();
            options.Seed = 11;
            options.Training = options.Training! with { MaxSteps = 6, CheckpointDirectory = checkpoints, CheckpointInterval = 2, Resume = resume };
            options.Progress = progress;
            return options;
        }
        var ml = new MLContext(seed: 1);
        var uninterrupted = ml.TextGeneration.Trainers.CausalLm(Run(null, resume: false)).Fit(Annotated(ml)).Training!.Losses;

        // "Kill" the run during step 3: the checkpoint of step 2 is on disk, step 3 is lost.
        var kill = new SyncProgress<TrainingProgress>(p => { if (p.Step == 3) throw new OperationCanceledException("killed"); });
        Assert.Throws<OperationCanceledException>(() => ml.TextGeneration.Trainers.CausalLm(Run(folder.Path, resume: false, kill)).Fit(Annotated(ml)));
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.RawMessage); };
        var resumed = ml.TextGeneration.Trainers.CausalLm(Run(folder.Path, resume: true)).Fit(Annotated(ml)).Training!.Losses;
        Assert.Equal(6, uninterrupted.Count);
        Assert.Equal(uninterrupted, resumed);
        Assert.Contains(messages, m => m.StartsWith($"causal LM: resuming from step 2 of '{TrainingCheckpoint.PathIn(folder.Path)}', a run that started as new"));
    }

    [Fact]
    public void OptionsThatCannotWorkAreRefusedWhenTheTrainerIsCreated()
    {
        var ml = new MLContext(seed: 1);
        var both = Options();
        both.Tokenizer = ByteLevelBpeTokenizer.Train(PlainStories, 280);
        both.TokenizerPath = "tokenizer";
        Assert.Contains("either Tokenizer or TokenizerPath", Assert.Throws<ArgumentException>(() => ml.TextGeneration.Trainers.CausalLm(both)).Message);
        var small = Options();
        small.VocabularySize = 100;
        Assert.Contains("VocabularySize must be at least 258", Assert.Throws<InvalidOptionException>(() => ml.TextGeneration.Trainers.CausalLm(small)).Message);
        Assert.Contains("'huge'", Assert.Throws<InvalidOptionException>(() => ml.TextGeneration.Trainers.CausalLm(preset: "huge")).Message);
        var steps = Options();
        steps.Training = steps.Training! with { BatchSize = 0 };
        Assert.Equal("BatchSize must be positive, not 0.", Assert.Throws<InvalidOptionException>(() => ml.TextGeneration.Trainers.CausalLm(steps)).Message);
    }

    [Fact]
    public void TheSimpleOverloadTakesThePresetsRecipeAndReplacesWhatItIsGiven()
    {
        var ml = new MLContext(seed: 1);
        var reports = new List<TrainingProgress>();
        var trainer = ml.TextGeneration.Trainers.CausalLm(preset: "64:2:4", maxSteps: 2, batchSize: 2, sequenceLength: 16, learningRate: 1e-3f);
        var stories = ml.Data.LoadFromTexts(Enumerable.Range(0, 4).SelectMany(_ => Stories), Data.ColumnNames.Text);
        var transformer = trainer.Fit(stories);
        Assert.Equal(2, transformer.Training!.Steps);
        var config = transformer.LanguageModel.Model.Config;
        Assert.Equal((64, 2, 4), (config.HiddenSize, config.Layers, config.Heads));
        Assert.Equal(Data.ColumnNames.Text, transformer.Settings.PromptColumnName);
    }
}
