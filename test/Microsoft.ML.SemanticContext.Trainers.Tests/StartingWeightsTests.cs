using Microsoft.ML.SemanticContext.Tokenizers;
using static Microsoft.ML.SemanticContext.Trainers.Tests.CausalLmTestData;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>
/// One seed and one base tokenizer give identical starting weights whatever the number of plan tokens: the reference is
/// <see cref="GptNeoModel.CreateRandom"/> for the vocabulary without plan tokens, and the mean row for each plan token.
/// </summary>
public class StartingWeightsTests
{
    const int Seed = 5;

    static CausalLmTrainer Trainer(ByteLevelBpeTokenizer? tokenizer = null)
    {
        var options = Options();
        options.Seed = Seed;
        options.Tokenizer = tokenizer;
        return new MLContext(seed: 1).TextGeneration.Trainers.CausalLm(options);
    }

    /// <summary>Asserts that <paramref name="model"/> is <paramref name="reference"/> with one mean embedding row per extra id.</summary>
    static void AssertIsReferenceWithMeanRows(GptNeoModel reference, GptNeoModel model, int extraRows)
    {
        int V = reference.Config.VocabularySize, C = reference.Config.HiddenSize;
        Assert.Equal(reference.Config with { VocabularySize = V + extraRows }, model.Config);
        foreach (var tensor in reference.Layout.Tensors)
        {
            var expected = reference.Tensor(tensor.Name).ToArray();
            var actual = model.Tensor(tensor.Name).ToArray();
            Assert.Equal(expected, actual[..expected.Length]);
        }
        var wte = model.Tensor("transformer.wte.weight");
        for (int c = 0; c < C; c++)
        {
            double mean = 0;
            for (int row = 0; row < V; row++) mean += wte[row * C + c];
            mean /= V;
            for (int row = V; row < V + extraRows; row++) Assert.Equal(mean, wte[row * C + c], 1e-6);
        }
    }

    [Fact]
    public void AGivenTokenizerStartsFromTheSameWeightsWithOrWithoutPlanTokens()
    {
        var shared = ByteLevelBpeTokenizer.Train(PlainStories, 300, ["<unk>"]);
        var reference = GptNeoModel.CreateRandom(Options().ModelConfig! with { VocabularySize = shared.VocabularySize }, Seed);

        var vanilla = Trainer(shared).StartingPoint(PlainStories);
        Assert.Equal(0, vanilla.PlanTokens);
        Assert.Equal(reference.Parameters, vanilla.Model.Parameters);

        var planned = Trainer(shared).StartingPoint(Stories);
        Assert.Equal(3, planned.PlanTokens);
        AssertIsReferenceWithMeanRows(reference, planned.Model, extraRows: 3);

        // The trainer worked on copies: the caller's tokenizer has no plan tokens.
        Assert.Equal(300, shared.VocabularySize);
        Assert.Empty(PlanTokenVocabulary.IdsIn(shared));
    }

    [Fact]
    public void ATokenizerThatAlreadyEndsWithPlanTokensStartsFromTheWeightsOfItsBase()
    {
        var shared = ByteLevelBpeTokenizer.Train(PlainStories, 300, ["<unk>"]);
        var reference = GptNeoModel.CreateRandom(Options().ModelConfig! with { VocabularySize = shared.VocabularySize }, Seed);
        var withPlans = ByteLevelBpeTokenizer.Train(PlainStories, 300, ["<unk>"]);
        PlanTokenVocabulary.AddTo(withPlans, 5);
        var start = Trainer(withPlans).StartingPoint(PlainStories);
        AssertIsReferenceWithMeanRows(reference, start.Model, extraRows: 5);
    }

    [Fact]
    public void ABpeTrainedOnAnnotatedTextIsTheBpeOfThePlainTextAndStartsTheSame()
    {
        var vanilla = Trainer().StartingPoint(PlainStories);
        var planned = Trainer().StartingPoint(Stories);
        var plainIds = vanilla.Tokenizer.Encode(PlainStories[1]);
        Assert.Equal(plainIds, planned.Tokenizer.Encode(PlainStories[1]));
        Assert.Equal(vanilla.Tokenizer.VocabularySize + 3, planned.Tokenizer.VocabularySize);
        AssertIsReferenceWithMeanRows(vanilla.Model, planned.Model, extraRows: 3);
    }

    [Fact]
    public void FitTrainsFromTheStartingPoint()
    {
        // The first loss of a fit is the loss of the starting weights on the first batch: equal for equal starts.
        var options = Options();
        options.Seed = Seed;
        options.Training = options.Training! with { MaxSteps = 1 };
        var ml = new MLContext(seed: 1);
        var trainer = ml.TextGeneration.Trainers.CausalLm(options);
        var start = trainer.StartingPoint(Stories);
        var fitted = trainer.Fit(Annotated(ml));
        Assert.Equal(start.Model.Config, fitted.LanguageModel.Model.Config);
        Assert.NotEqual(start.Model.Parameters, fitted.LanguageModel.Model.Parameters);
        var again = new CausalLmTrainingOptions { BatchSize = 2, SequenceLength = 16, MaxSteps = 1, LearningRate = 1e-3f, Seed = Seed };
        var tokens = TokenSequences.FromTexts(Stories.Select(start.Tokenizer.Encode), start.Tokenizer.EndOfTextId, 16);
        var expected = new GptNeoTrainer(start.Model, again).Train(tokens);
        Assert.Equal(expected.Losses, fitted.Training!.Losses);
        Assert.Equal(start.Model.Parameters, fitted.LanguageModel.Model.Parameters);
    }
}
