namespace Microsoft.ML.SemanticContext.Trainers.Tests;

public class PresetTests
{
    [Fact]
    public void TheTinyStoriesPresetsHaveThePapersShapesAndTrainFromScratchWithCosineRecipes()
    {
        var small = CausalLmPresets.Get("1M").Shape(GptNeoConfig.Gpt2VocabularySize);
        Assert.Equal((64, 8, 16, 256, 2048, 50257), (small.HiddenSize, small.Layers, small.Heads, small.WindowSize, small.MaxPositions, small.VocabularySize));
        var large = CausalLmPresets.Get("33m").Shape(1000);
        Assert.Equal((768, 4, 16, 1000), (large.HiddenSize, large.Layers, large.Heads, large.VocabularySize));
        Assert.Equal([AttentionKind.Global, AttentionKind.Local, AttentionKind.Global, AttentionKind.Local], large.AttentionLayers);
        foreach (var (name, lr) in new[] { ("1M", 2e-3f), ("33M", 5e-4f) })
        {
            var training = CausalLmPresets.Get(name).Training;
            Assert.Equal((lr, LearningRateScheduleKind.Cosine, 30, 256, 8, 1), (training.LearningRate, training.Schedule, training.WarmupSteps,
                training.SequenceLength, training.BatchSize, training.GradientAccumulationSteps));
        }
    }

    [Fact]
    public void FineTuningABaseModelUsesThePapersSettingsWhateverThePreset()
    {
        foreach (var preset in CausalLmPresets.All)
        {
            var training = preset.Recipe(fineTuning: true);
            Assert.Equal((5e-6f, 4, 2, (int?)3), (training.LearningRate, training.BatchSize, training.GradientAccumulationSteps, training.EarlyStoppingPatience));
            Assert.Equal(preset.Training, preset.Recipe(fineTuning: false));
        }
    }

    [Fact]
    public void TheDefaultPresetIsTheCpuRecipe()
    {
        var preset = CausalLmPresets.Get(CausalLmDefaults.Preset);
        Assert.Equal("cpu", preset.Name);
        var shape = preset.Shape(2048);
        Assert.Equal((128, 4, 4, 64, 256), (shape.HiddenSize, shape.Layers, shape.Heads, shape.WindowSize, shape.MaxPositions));
        Assert.Equal(2048, preset.VocabularySize);
        Assert.Equal((128, 2e-3f, LearningRateScheduleKind.Cosine, 2, (int?)3),
            (preset.Training.SequenceLength, preset.Training.LearningRate, preset.Training.Schedule, preset.Training.Epochs, preset.Training.EarlyStoppingPatience));
        Assert.Equal(["cpu", "1M", "33M"], CausalLmPresets.All.Select(p => p.Name));
    }

    [Fact]
    public void ACustomShapeTakesTheDefaultPresetsTokenizerAndTraining()
    {
        var custom = CausalLmPresets.Get("256:4:8");
        var shape = custom.Shape(500);
        Assert.Equal((256, 4, 8, 256, 2048, 500), (shape.HiddenSize, shape.Layers, shape.Heads, shape.WindowSize, shape.MaxPositions, shape.VocabularySize));
        var recipe = CausalLmPresets.Get(CausalLmDefaults.Preset);
        Assert.Equal((recipe.VocabularySize, recipe.Training), (custom.VocabularySize, custom.Training));
        Assert.Equal("256:4:8", custom.Name);
    }

    [Theory]
    [InlineData("huge")]
    [InlineData("256:4")]
    [InlineData("256:0:8")]
    [InlineData("-1:2:2")]
    public void AnUnknownPresetIsRefusedWithTheKnownNames(string name)
    {
        var e = Assert.Throws<InvalidOptionException>(() => CausalLmPresets.Get(name));
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("cpu, 1M, 33M or hidden:layers:heads", e.Message);
    }
}
