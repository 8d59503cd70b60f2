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
        int budget = ExperimentRunner.StepBudget(options, preset, tokenizer, new ExperimentCorpus(stories, [], []));

        // By hand: the stream of every story and its end-of-text, cut into examples of T + 1 tokens, 2 epochs of batch 8.
        long tokens = stories.Sum(s => tokenizer.Encode(s).Length + 1L);
        int T = preset.Training.SequenceLength;
        Assert.Equal(2 * (int)((tokens - 1) / T / 8), budget);

        // The same stories with a plan token per sentence are a longer stream: counted by epochs, they would buy more steps.
        PlanTokenVocabulary.AddTo(tokenizer, 1);
        var annotated = stories.Select(s => string.Join(".<cluster_0>", s.Split('.'))).ToList();
        int annotatedSequences = TokenSequences.FromTexts(annotated.Select(tokenizer.Encode), tokenizer.EndOfTextId, T).Count;
        Assert.True(preset.Training.StepsFor(annotatedSequences) > budget, $"{preset.Training.StepsFor(annotatedSequences)} vs {budget}");

        Assert.Equal(17, ExperimentRunner.StepBudget(options with { MaxSteps = 17 }, preset, tokenizer, new ExperimentCorpus(stories, [], [])));
    }
}
