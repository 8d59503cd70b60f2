using System.IO.Compression;
using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Storage;
using static Microsoft.ML.SemanticContext.Trainers.Tests.CausalLmTestData;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>The fitted language model as an ML.NET transformer: transform, pipelines, prediction engine, save and load.</summary>
public class CausalLmPipelineTests
{
    static readonly string[] Prompts = ["<cluster_1> Once upon", "<cluster_1> One day, a dog"];

    public sealed class Prompt
    {
        [ColumnName(ColumnNames.Annotated)]
        public string Text { get; set; } = "";
    }

    public sealed class Completion
    {
        [ColumnName(CausalLmDefaults.GeneratedColumnName)]
        public string Generated { get; set; } = "";
    }

    [Fact]
    public void TransformContinuesEachPromptRowWithSeedPlusItsRow()
    {
        var ml = new MLContext(seed: 1);
        var transformer = ml.TextGeneration.Trainers.CausalLm(Options()).Fit(Annotated(ml));
        var prompts = ml.Data.LoadFromTexts(Prompts, ColumnNames.Annotated);
        var output = Generated(transformer.Transform(prompts));
        var sampling = transformer.Settings.Sampling;
        var expected = Prompts.Select((p, i) => transformer.Generate(p, 1, sampling with { Seed = sampling.Seed + i })[0].Continuation);
        Assert.Equal(expected, output);
        Assert.All(output, text => Assert.DoesNotContain("<cluster_", text));
        Assert.Equal(output, Generated(transformer.Transform(prompts)));
        // The prompts pass through unchanged beside the new column.
        Assert.Equal(Prompts, StoryRows.Texts(transformer.Transform(prompts), ColumnNames.Annotated));
    }

    [Fact]
    public void APredictionEngineContinuesOnePromptAtATimeAsTransformDoes()
    {
        var ml = new MLContext(seed: 1);
        var transformer = ml.TextGeneration.Trainers.CausalLm(Options()).Fit(Annotated(ml));
        var engine = ml.Model.CreatePredictionEngine<Prompt, Completion>(transformer);
        var predicted = Prompts.Select(p => engine.Predict(new Prompt { Text = p }).Generated).ToList();
        Assert.Equal(Generated(transformer.Transform(ml.Data.LoadFromTexts(Prompts, ColumnNames.Annotated))), predicted);
        Assert.All(predicted, text => Assert.False(string.IsNullOrEmpty(text)));
    }

    [Fact]
    public void TheTrainerFitsAndTransformsInAnEstimatorChainAfterAnMLNetTransform()
    {
        var ml = new MLContext(seed: 1);
        var stories = ml.Data.LoadFromTexts(Stories, "story");
        var options = Options();
        options.TextColumnName = ColumnNames.Text;
        var pipeline = ml.Transforms.CopyColumns(outputColumnName: ColumnNames.Text, inputColumnName: "story")
            .Append(ml.TextGeneration.Trainers.CausalLm(options));

        var shape = pipeline.GetOutputSchema(SchemaShapes.Of(stories.Schema));
        var generatedShape = shape.Single(c => c.Name == CausalLmDefaults.GeneratedColumnName);
        Assert.True(generatedShape.ItemType is TextDataViewType && generatedShape.Kind == SchemaShape.Column.VectorKind.Scalar);

        var model = pipeline.Fit(stories);
        Assert.Equal(3, model.LastTransformer.Training!.Steps);
        var prompts = ml.Data.LoadFromTexts(Prompts, "story");
        var output = Generated(model.Transform(prompts));
        Assert.Equal(Generated(model.LastTransformer.Transform(ml.Data.LoadFromTexts(Prompts, ColumnNames.Text))), output);

        // The mixed pipeline (an ML.NET stage, then ours) saves to one archive and loads in a fresh context.
        using var folder = new TestPaths.TempFolder();
        string path = Path.Combine(folder.Path, "pipeline.zip");
        ml.Model.SemanticContext.Save(model, stories.Schema, path);
        var fresh = new MLContext(seed: 42);
        var loaded = fresh.Model.SemanticContext.Load(path, out var schema);
        Assert.Equal(TextDataViewType.Instance, schema!["story"].Type);
        Assert.Equal(output, Generated(loaded.Transform(fresh.Data.LoadFromTexts(Prompts, "story"))));
    }

    [Fact]
    public void ASavedModelLoadsInAFreshContextWithIdenticalGenerationsAndPerplexity()
    {
        using var folder = new TestPaths.TempFolder();
        var ml = new MLContext(seed: 1);
        var (transformer, path) = FitAndSave(ml, folder.Path);

        var fresh = new MLContext(seed: 99);
        var loaded = CausalLmTransformer.LoadFrom(fresh, path);
        var lm = transformer.LanguageModel;
        var ids = lm.Tokenizer.Encode(Stories[1]);
        Assert.Equal(ids, loaded.LanguageModel.Tokenizer.Encode(Stories[1]));
        Assert.Equal(lm.Model.Forward(ids, 1, ids.Length).ToArray(), loaded.LanguageModel.Model.Forward(ids, 1, ids.Length).ToArray());
        Assert.Equal(transformer.Settings, loaded.Settings);
        Assert.Null(loaded.Training);
        Assert.Equal(transformer.TrainingSummary, loaded.TrainingSummary);
        Assert.Equal(transformer.Generate("Once", 3).Select(g => g.Text), loaded.Generate("Once", 3).Select(g => g.Text));
        var held = ml.Data.LoadFromTexts(Stories, ColumnNames.Annotated);
        Assert.Equal(transformer.Perplexity(held), loaded.Perplexity(fresh.Data.LoadFromTexts(Stories, ColumnNames.Annotated)));
        var prompts = ml.Data.LoadFromTexts(Prompts, ColumnNames.Annotated);
        Assert.Equal(Generated(transformer.Transform(prompts)), Generated(loaded.Transform(prompts)));
    }

    [Fact]
    public void TheArchiveHoldsAHuggingFaceCheckpointAndTheTokenizerFiles()
    {
        using var folder = new TestPaths.TempFolder();
        var (transformer, path) = FitAndSave(new MLContext(seed: 1), folder.Path);

        using var zip = ZipFile.OpenRead(path);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        string stage = names.Single(n => n.EndsWith("/config.json", StringComparison.Ordinal))[..^"config.json".Length];
        Assert.Contains(stage + "tokenizer/vocab.json", names);
        Assert.Contains(stage + "tokenizer/merges.txt", names);
        using var weights = new MemoryStream();
        using (var s = zip.GetEntry(stage + "model.safetensors")!.Open()) s.CopyTo(weights);
        weights.Position = 0;
        var tensors = SafeTensors.Read(weights, "model.safetensors").Tensors;
        var layout = transformer.LanguageModel.Model.Layout;
        Assert.Equal(layout.Tensors.Select(t => t.Name).Order(), tensors.Select(t => t.Name).Order());
        var wte = tensors.Single(t => t.Name == "transformer.wte.weight");
        Assert.Equal([transformer.LanguageModel.Model.Config.VocabularySize, 16], wte.Shape);
        Assert.Equal(transformer.LanguageModel.Model.Tensor("transformer.wte.weight").ToArray(), wte.Data);
    }

    [Fact]
    public void LoadingAnArchiveWithoutALanguageModelNamesItsStages()
    {
        using var folder = new TestPaths.TempFolder();
        string path = Path.Combine(folder.Path, "copy.zip");
        var ml = new MLContext(seed: 1);
        var stories = ml.Data.LoadFromTexts(Stories, "story");
        ml.Model.SemanticContext.Save(ml.Transforms.CopyColumns("text", "story").Fit(stories), stories.Schema, path);
        var e = Assert.Throws<InvalidDataException>(() => CausalLmTransformer.LoadFrom(ml, path));
        Assert.Contains("no causal language model stage", e.Message);
        Assert.Contains("ColumnCopyingTransformer", e.Message);
    }
}
