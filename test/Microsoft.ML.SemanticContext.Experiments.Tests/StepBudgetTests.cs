using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Experiments.Running;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>Equal compute: every model of an experiment trains for the steps the vanilla model's stream gives.</summary>
public class StepBudgetTests
{
    [Fact]
    public void TheBudgetIsThePresetsEpochsOverThePlainStoriesWhichTheLongerAnnotatedStreamDoesNotRaise()
    {
        var stories = StorySynthesizer.Generate(300, seed: 2).Select(s => s.Text).ToList();
        var tokenizer = ByteLevelBpeTokenizer.Train(stories, 512, [ByteLevelBpeTokenizer.UnknownToken]);
        var preset = CausalLmPresets.Get("cpu");
        var options = new ExperimentOptions { OutputDirectory = "unused" };
        // By hand: the stream of every story and its end-of-text, cut into examples of T + 1 tokens, 2 epochs of batch 8.
        long tokens = stories.Sum(s => tokenizer.Encode(s).Length + 1L);
        int T = preset.Training.SequenceLength;
        int budget = ExperimentRunner.StepBudget(options, preset, tokens);
        Assert.Equal(2 * (int)((tokens - 1) / T / 8), budget);

        // The same stories with a plan token per sentence are a longer stream: counted by epochs, they would buy more steps.
        PlanTokenVocabulary.AddTo(tokenizer, 1);
        var annotated = stories.Select(s => string.Join(".<cluster_0>", s.Split('.'))).ToList();
        int annotatedSequences = TokenSequences.FromTexts(annotated.Select(tokenizer.Encode), tokenizer.EndOfTextId, T).Count;
        Assert.True(preset.Training.StepsFor(annotatedSequences) > budget, $"{preset.Training.StepsFor(annotatedSequences)} vs {budget}");

        Assert.Equal(17, ExperimentRunner.StepBudget(options with { MaxSteps = 17 }, preset, tokens));
    }

    [Fact]
    public async Task TheVanillaModelsOwnStreamSetsTheBudgetOfEveryModel()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "exp");
        var (summary, log) = await TinyExperiment.RunAsync(TinyExperiment.Options(dir) with { MaxSteps = null });

        // The vanilla model trained for the recipe's 2 epochs over the plain training stories, counted here by hand.
        var tokenizer = ByteLevelBpeTokenizer.Load(Path.Combine(dir, "tokenizer"));
        long tokens = StoryFiles.Read(Path.Combine(dir, "corpus", "train.txt")).Sum(s => tokenizer.Encode(s).Length + 1L);
        var vanilla = summary.Models[0];
        Assert.Equal(tokens, vanilla.TrainingTokens);
        int budget = 2 * (int)((tokens - 1) / CausalLmPresets.Get("cpu").Training.SequenceLength / 8);
        Assert.InRange(budget, 2, 49);  // fewer than a validation interval: no early stop ends a model sooner
        Assert.All(summary.Models, m => Assert.Equal(budget, m.Training.Steps));
        Assert.True(summary.Models[1].TrainingTokens > tokens, "the cluster model's stream is longer by its plan tokens");
        Assert.Contains(log, l => l.Contains($"training: {budget:N0} optimiser steps for every model"));
    }
}
