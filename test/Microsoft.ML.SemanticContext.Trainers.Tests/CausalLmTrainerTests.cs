using Microsoft.ML.SemanticContext.Data;
using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

public class CausalLmTrainerTests
{
    static readonly string[] Stories =
    {
        "<cluster_1> Once upon a time, there was a dog. <cluster_0> The dog liked to run in the park.",
        "<cluster_1> Once upon a time, there was a cat. <cluster_2> The cat was sad. <cluster_0> Then the cat smiled.",
        "<cluster_1> One day, a girl found a ball. <cluster_0> She played with the ball all day.",
    };

    static CausalLmTrainerOptions Options() => new()
    {
        ModelConfig = GptNeoConfig.Alternating(1, hiddenSize: 16, layers: 2, heads: 2, windowSize: 8, maxPositions: 64),
        VocabularySize = 300,
        Training = new CausalLmTrainingOptions { BatchSize = 2, SequenceLength = 16, MaxSteps = 3, LearningRate = 1e-3f },
        Sampling = new SamplingOptions { MaxNewTokens = 8, Seed = 4 },
    };

    static IDataView Annotated(MLContext ml) =>
        InMemoryDataView.FromTexts(Stories, ColumnNames.Annotated);

    [Fact]
    public void FitAddsClusterTokensTrainsAndTheSavedZipLoadsToTheSameModel()
    {
        var ml = new MLContext(seed: 1);
        var transformer = ml.Trainers.CausalLm(Options()).Fit(Annotated(ml));
        var lm = transformer.LanguageModel;
        Assert.Equal(3, ClusterTokens.IdsIn(lm.Tokenizer).Count);
        Assert.Equal(lm.Tokenizer.VocabularySize, lm.Model.Config.VocabularySize);
        Assert.Equal(3, transformer.Training!.Steps);

        using var folder = new TestPaths.TempFolder();
        string path = Path.Combine(folder.Path, "lm.zip");
        transformer.Save(path);
        var loaded = Assert.IsType<CausalLmTransformer>(ml.Model.Load(path));
        var ids = lm.Tokenizer.Encode(Stories[1]);
        Assert.Equal(ids, loaded.LanguageModel.Tokenizer.Encode(Stories[1]));
        Assert.Equal(lm.Model.Forward(ids, 1, ids.Length).ToArray(), loaded.LanguageModel.Model.Forward(ids, 1, ids.Length).ToArray());
        Assert.Equal(transformer.Settings.Sampling, loaded.Settings.Sampling);
        Assert.Equal(transformer.Generate("Once", 2).Select(g => g.Text), loaded.Generate("Once", 2).Select(g => g.Text));
    }

    [Fact]
    public void FineTuningAHuggingFaceFolderExtendsItsVocabularyWithTheClusterTokens()
    {
        using var folder = new TestPaths.TempFolder();
        var tokenizer = Tokenizers.ByteLevelBpeTokenizer.Train(Stories.Select(ClusterTokens.Strip), 280);
        var baseModel = GptNeoModel.CreateRandom(GptNeoConfig.Alternating(tokenizer.VocabularySize, 16, 2, 2, windowSize: 8, maxPositions: 64), seed: 9);
        new CausalLanguageModel(baseModel, tokenizer).Save(folder.Path);  // config.json, model.safetensors, vocab.json, merges.txt

        var ml = new MLContext(seed: 1);
        var options = Options();
        options.BaseModelPath = folder.Path;
        options.Training = options.Training with { LearningRate = 1e-9f, MaxSteps = 1 };
        var tuned = ml.Trainers.CausalLm(options).Fit(Annotated(ml)).LanguageModel;
        Assert.Equal(tokenizer.VocabularySize + 3, tuned.Model.Config.VocabularySize);
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
    public void SameSeedGivesTheSameModel()
    {
        float[] Fit() => new MLContext(seed: 3).Trainers.CausalLm(Options()).Fit(Annotated(new MLContext())).LanguageModel.Model.Parameters;
        Assert.Equal(Fit(), Fit());
    }

    [Fact]
    public void TransformWritesOneContinuationPerPromptRow()
    {
        var ml = new MLContext(seed: 1);
        var transformer = ml.Trainers.CausalLm(Options()).Fit(Annotated(ml));
        var prompts = InMemoryDataView.FromTexts(new[] { "Once upon", "One day" }, "prompt");
        var output = transformer.Transform(prompts).GetColumn<string>("text_generated").ToList();
        Assert.Equal(2, output.Count);
        Assert.All(output, text => Assert.DoesNotContain("<cluster_", text));
        Assert.Equal(output, transformer.Transform(prompts).GetColumn<string>("text_generated").ToList());
    }

    [Fact]
    public void AMissingOrWronglyTypedTextColumnIsNamed()
    {
        var ml = new MLContext(seed: 1);
        var trainer = ml.Trainers.CausalLm(new CausalLmTrainerOptions { TextColumnName = "story" });
        var e = Assert.Throws<SchemaException>(() => trainer.Fit(Annotated(ml)));
        Assert.Contains("'story'", e.Message);
        var transformer = ml.Trainers.CausalLm(Options()).Fit(Annotated(ml));
        Assert.Throws<SchemaException>(() => transformer.Transform(Annotated(ml)));
    }
}
