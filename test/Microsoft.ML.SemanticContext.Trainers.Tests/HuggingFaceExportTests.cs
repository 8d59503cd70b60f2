using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Data;
using Xunit;
using static Microsoft.ML.SemanticContext.Trainers.Tests.CausalLmTestData;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>
/// A model trained here, saved as a .zip and exported as a Hugging Face folder: the folder opens wherever a .zip does and
/// gives the same generations and perplexity, its config names the tokenizer's end of text, and its model card says
/// what the model was trained on.
/// </summary>
public class HuggingFaceExportTests
{
    [Fact]
    public void TheExportedFolderGivesTheZipsGenerationsAndPerplexity()
    {
        using var temp = new TestPaths.TempFolder();
        var ml = new MLContext(seed: 1);
        var (_, zip) = FitAndSave(ml, temp.Path);
        var fromZip = CausalLmTransformer.LoadFrom(new MLContext(seed: 2), zip);
        string folder = Path.Combine(temp.Path, "out");
        fromZip.ExportHuggingFace(folder);
        var fromFolder = CausalLmTransformer.LoadFrom(new MLContext(seed: 2), folder);

        Assert.Equal(fromZip.LanguageModel.Model.Parameters, fromFolder.LanguageModel.Model.Parameters);
        var sampling = new SamplingOptions { MaxNewTokens = 12, Temperature = 1.5f, Seed = 7 };
        Assert.Equal(fromZip.Generate("<cluster_1> Once", 4, sampling, keepClusterTokens: true).Select(g => g.Tokens),
            fromFolder.Generate("<cluster_1> Once", 4, sampling, keepClusterTokens: true).Select(g => g.Tokens));
        var held = ml.Data.LoadFromTexts(Stories, ColumnNames.Text);
        var perplexity = fromZip.Perplexity(held, ColumnNames.Text);
        Assert.All(perplexity, p => Assert.Equal(3, p.Texts));
        Assert.Equal(perplexity, fromFolder.Perplexity(held, ColumnNames.Text));
    }

    [Fact]
    public void TheZipsAndTheFoldersConfigNameTheEndOfTextAsBosAndEos()
    {
        using var temp = new TestPaths.TempFolder();
        var (trained, zip) = FitAndSave(new MLContext(seed: 1), temp.Path);
        string folder = Path.Combine(temp.Path, "out");
        CausalLmTransformer.LoadFrom(new MLContext(), zip).ExportHuggingFace(folder);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        int endOfText = trained.LanguageModel.Tokenizer.EndOfTextId;
        Assert.Equal(endOfText, config["bos_token_id"]!.GetValue<int>());
        Assert.Equal(endOfText, config["eos_token_id"]!.GetValue<int>());
        Assert.Null(config["pad_token_id"]);  // a trained BPE has no <pad>
        Assert.InRange(endOfText, 0, config["vocab_size"]!.GetValue<int>() - 1);
        var tokenizerConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "tokenizer_config.json")))!;
        Assert.Equal(trained.LanguageModel.Model.Config.MaxPositions, tokenizerConfig["model_max_length"]!.GetValue<int>());
    }

    [Fact]
    public void TheModelCardNamesTheDataTheStepsAndThePlanTokens()
    {
        using var temp = new TestPaths.TempFolder();
        var ml = new MLContext(seed: 1);
        var options = Options();
        options.DataName = "stories.txt";
        var trained = ml.TextGeneration.Trainers.CausalLm(options).Fit(Annotated(ml));
        string zip = Path.Combine(temp.Path, "lm.zip");
        ml.Model.SemanticContext.Save(trained, Annotated(ml).Schema, zip);
        var loaded = CausalLmTransformer.LoadFrom(new MLContext(), zip);
        Assert.Equal(trained.TrainingSummary, loaded.TrainingSummary);

        string folder = Path.Combine(temp.Path, "my-model");
        loaded.ExportHuggingFace(folder);
        string card = File.ReadAllText(Path.Combine(folder, "README.md"));
        Assert.Contains("# my-model", card);
        Assert.Contains("**Training data**: stories.txt: 3 texts", card);
        Assert.Contains("3 optimizer steps (stopped: Completed)", card);
        Assert.Contains("the model writes 3 plan tokens `<cluster_0>` … `<cluster_2>`", card);
        Assert.Contains("AutoModelForCausalLM.from_pretrained(\"my-model\")", card);
    }

    [Fact]
    public void APlainTextModelsCardSaysItWritesNoPlanTokens()
    {
        using var temp = new TestPaths.TempFolder();
        var ml = new MLContext(seed: 1);
        var plain = ml.TextGeneration.Trainers.CausalLm(Options()).Fit(ml.Data.LoadFromTexts(PlainStories));
        plain.ExportHuggingFace(Path.Combine(temp.Path, "plain"));
        string card = File.ReadAllText(Path.Combine(temp.Path, "plain", "README.md"));
        Assert.Contains("**Plan tokens**: none", card);
        Assert.Contains("**Training data**: column 'text': 3 texts", card);
    }

    [Fact]
    public void ExportRefusesAFolderThatHoldsFilesAndLeavesThemAsTheyAre()
    {
        using var temp = new TestPaths.TempFolder();
        var (trained, _) = FitAndSave(new MLContext(seed: 1), temp.Path);
        string folder = Path.Combine(temp.Path, "out");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");
        var e = Assert.Throws<IOException>(() => trained.ExportHuggingFace(folder));
        Assert.Contains("the folder is not empty", e.Message);
        Assert.Equal(["notes.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "notes.txt")));
        // Nothing was left beside it either.
        Assert.Equal(["lm.zip", "out"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
