using Microsoft.ML.SemanticContext.Storage;
using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>
/// <c>tie_word_embeddings: false</c>: the LM head is lm_head.weight, read, written, trained and extended on its own, never
/// replaced by wte. (Logits against PyTorch: HuggingFaceFixtureTests; gradients: GradientCheckTests; new vocabulary
/// rows: CheckpointTests.)
/// </summary>
public class UntiedHeadTests
{
    static GptNeoConfig Untied => TinyModels.Config() with { TieWordEmbeddings = false };

    [Fact]
    public void TheHeadIsATensorOfItsOwnThatChangesTheLogits()
    {
        var model = GptNeoModel.CreateRandom(Untied, seed: 5);
        Assert.Equal(TinyModels.Config().ParameterCount + 23 * 16, model.Config.ParameterCount);
        var tokens = TinyModels.RandomTokens(6, 23, seed: 6);
        var before = model.Forward(tokens, 1, 6).ToArray();
        model.Tensor("lm_head.weight").Clear();
        Assert.All(model.Forward(tokens, 1, 6).ToArray(), logit => Assert.Equal(0f, logit));
        Assert.NotEqual(before, model.Forward(tokens, 1, 6).ToArray());
    }

    [Fact]
    public void ExportThenImportKeepsTheHeadAndTheLogits()
    {
        using var folder = new TestPaths.TempFolder();
        var model = GptNeoModel.CreateRandom(Untied, seed: 5);
        GptNeoCheckpoint.Export(model, folder.Path);
        Assert.Contains("\"tie_word_embeddings\": false", File.ReadAllText(Path.Combine(folder.Path, "config.json")));
        Assert.Contains(SafeTensors.Read(Path.Combine(folder.Path, "model.safetensors")).Tensors, t => t.Name == "lm_head.weight");
        var loaded = GptNeoCheckpoint.Import(folder.Path);
        Assert.Equal(model.Config, loaded.Config);
        var tokens = TinyModels.RandomTokens(10, 23, seed: 6);
        Assert.Equal(model.Forward(tokens, 2, 5).ToArray(), loaded.Forward(tokens, 2, 5).ToArray());
    }

    [Fact]
    public void AnUntiedConfigWithoutLmHeadIsRefusedNamingTheTensorAndTheKey()
    {
        var model = GptNeoModel.CreateRandom(Untied, seed: 5);
        var tensors = GptNeoCheckpoint.ToTensors(model).Where(t => t.Name != "lm_head.weight");
        var e = Assert.Throws<InvalidDataException>(() => GptNeoCheckpoint.FromTensors(Untied, tensors, "model.safetensors"));
        Assert.Contains("missing tensor 'lm_head.weight'", e.Message);
        Assert.Contains("tie_word_embeddings", e.Message);
    }

    [Fact]
    public void TrainingMovesTheHeadAndTheEmbeddingApart()
    {
        var model = GptNeoModel.CreateRandom(Untied, seed: 1);
        model.Tensor("transformer.wte.weight").CopyTo(model.Tensor("lm_head.weight"));  // start equal, as if tied
        var options = new CausalLmTrainingOptions { BatchSize = 2, SequenceLength = 8, LearningRate = 1e-2f, MaxSteps = 20, Seed = 3 };
        var result = new GptNeoTrainer(model, options).Train(new TokenSequences(TinyModels.PatternTokens(8 * 8 + 1, 23), 8));
        Assert.True(result.Losses[^1] < result.Losses[0], $"loss {result.Losses[0]} -> {result.Losses[^1]}");
        var wte = model.Tensor("transformer.wte.weight").ToArray();
        var head = model.Tensor("lm_head.weight").ToArray();
        double largest = Enumerable.Range(0, wte.Length).Max(i => Math.Abs(wte[i] - head[i]));
        Assert.True(largest > 1e-2, $"largest |wte - lm_head| after training: {largest}");
    }

    [Fact]
    public void CachedGenerationUsesTheHeadAsTheFullForwardDoes()
    {
        var model = GptNeoModel.CreateRandom(Untied, seed: 5);
        var options = new SamplingOptions { Temperature = 0, MaxNewTokens = 10 };
        Assert.Equal(GptNeoGenerator.Generate(model, [1, 2, 3], 2, options with { UseCache = false }), GptNeoGenerator.Generate(model, [1, 2, 3], 2, options));
    }
}
