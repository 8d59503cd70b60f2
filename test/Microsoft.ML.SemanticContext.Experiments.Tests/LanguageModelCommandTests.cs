using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>
/// <c>sctok train</c>, <c>generate</c> and <c>perplexity</c> end to end, each in its own process: the model file one
/// writes is the one the others open, and they print what the library computes for the same model.
/// </summary>
public class LanguageModelCommandTests
{
    const string Prompt = "Once upon a time";

    static SampleProcess.Result Sctok(params string[] args) => SampleProcess.Run("sctok.dll", args, TimeSpan.FromMinutes(3));

    static string Corpus(string dir)
    {
        var path = Path.Combine(dir, "stories.txt");
        StorySynthesizer.WriteCorpus(path, stories: 60, seed: 2);
        return path;
    }

    /// <summary>annotated.txt in <paramref name="dir"/>: the stories of <paramref name="corpus"/>, each after a plan token &lt;cluster_0…2&gt;.</summary>
    internal static string AnnotatedCorpus(string dir, string corpus)
    {
        var annotated = Path.Combine(dir, "annotated.txt");
        File.WriteAllText(annotated, string.Join("\n<|endoftext|>\n",
            StoryRows.Texts(new MLContext().Data.LoadCorpus(corpus), ColumnNames.Text).Select((story, i) => $"<cluster_{i % 3}> {story}")));
        return annotated;
    }

    [Fact]
    public void TrainWritesAModelThatGenerateAndPerplexityOpen()
    {
        var dir = TestPaths.TempDir();
        var corpus = Corpus(dir);
        var model = Path.Combine(dir, "lm.zip");
        var train = Sctok("train", corpus, "-o", model, "--preset", "32:2:2", "--vocab-size", "300", "--seq-len", "32", "--max-steps", "3", "--threads", "1");
        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Contains("info: causal LM: new '32:2:2' model from scratch", train.Stderr);
        Assert.Contains("info: causal LM: 3 steps, stopped: Completed", train.Stderr);

        var lm = CausalLmTransformer.LoadFrom(new MLContext(), model);
        Assert.Equal((32, 2, 2), (lm.LanguageModel.Model.Config.HiddenSize, lm.LanguageModel.Model.Config.Layers, lm.LanguageModel.Model.Config.Heads));
        var generate = Sctok("generate", "--model", model, "--prompt", Prompt, "-n", "2", "--max-tokens", "12", "--seed", "4", "--threads", "2");
        Assert.True(generate.ExitCode == 0, generate.Stderr);
        // generate samples as the experiment does unless told otherwise: temperature 0.8, top-p 0.95.
        var expected = lm.Generate(Prompt, 2, new SamplingOptions { MaxNewTokens = 12, Seed = 4, Temperature = 0.8f, TopP = 0.95f }, keepClusterTokens: false);
        Assert.Equal(string.Concat(expected.Select(g => g.Text + "\n\n")), generate.Stdout.ReplaceLineEndings("\n"));

        var perplexity = Sctok("perplexity", "--model", model, corpus);
        Assert.True(perplexity.ExitCode == 0, perplexity.Stderr);
        Assert.Equal(string.Join("\n", lm.Perplexity(new MLContext().Data.LoadCorpus(corpus), ColumnNames.Text)), perplexity.Stdout.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ExportWritesAHuggingFaceFolderThatGenerateAndPerplexityOpenWithTheZipsFigures()
    {
        var dir = TestPaths.TempDir();
        var corpus = Corpus(dir);
        var annotated = AnnotatedCorpus(dir, corpus);
        var model = Path.Combine(dir, "lm.zip");
        var train = Sctok("train", annotated, "-o", model, "--preset", "32:2:2", "--vocab-size", "300", "--seq-len", "32", "--max-steps", "3", "--threads", "1");
        Assert.True(train.ExitCode == 0, train.Stderr);

        var folder = Path.Combine(dir, "out") + Path.DirectorySeparatorChar;
        var export = Sctok("export", "--model", model, "-o", folder);
        Assert.True(export.ExitCode == 0, export.Stderr);
        foreach (var file in new[] { "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.json", "merges.txt", "README.md" })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        Assert.Contains("**Training data**: annotated.txt: ", File.ReadAllText(Path.Combine(folder, "README.md")));

        foreach (var args in new[]
        {
            new[] { "generate", "--prompt", "<cluster_1> Once upon a time", "-n", "2", "--max-tokens", "12", "--seed", "4", "--keep-cluster-tokens" },
            new[] { "perplexity", annotated },
        })
        {
            var fromZip = Sctok([.. args, "--model", model]);
            var fromFolder = Sctok([.. args, "--model", folder]);
            Assert.True(fromZip.ExitCode == 0 && fromFolder.ExitCode == 0, fromZip.Stderr + fromFolder.Stderr);
            Assert.NotEqual("", fromZip.Stdout.Trim());
            Assert.Equal(fromZip.Stdout, fromFolder.Stdout);
        }

        var again = Sctok("export", "--model", folder, "-o", folder);
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("error: Cannot export to ", again.Stderr);
        Assert.Contains("the folder is not empty", again.Stderr);
    }

    [Fact]
    public void TrainResumeSaysSoAndRefusesABudgetBelowTheCheckpointOrAnotherCorpusLeavingTheModelAsItWas()
    {
        var dir = TestPaths.TempDir();
        var corpus = Corpus(dir);
        var model = Path.Combine(dir, "lm.zip");
        string[] Args(string stories, int steps, bool resume = true) =>
            ["train", stories, "-o", model, "--preset", "32:2:2", "--vocab-size", "300", "--seq-len", "32", "--max-steps", $"{steps}", "--threads", "1", .. resume ? new[] { "--resume" } : []];
        Assert.Equal(0, Sctok(Args(corpus, 4, resume: false)).ExitCode);
        var saved = File.ReadAllBytes(model);

        var below = Sctok(Args(corpus, 2));
        Assert.Equal(1, below.ExitCode);
        Assert.StartsWith("error: ", below.Stderr.Split('\n').Single(l => l.StartsWith("error")));
        Assert.Contains("is at step 4, past this run's budget of 2 steps", below.Stderr);
        var other = Path.Combine(dir, "other.txt");
        StorySynthesizer.WriteCorpus(other, stories: 60, seed: 3);
        var elsewhere = Sctok(Args(other, 6));
        Assert.Equal(1, elsewhere.ExitCode);
        Assert.Contains("trained on another corpus", elsewhere.Stderr);
        Assert.Equal(saved, File.ReadAllBytes(model));

        var resumed = Sctok(Args(corpus, 6));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Contains("info: causal LM: resuming from step 4 of ", resumed.Stderr);
        Assert.Contains("info: causal LM: 6 steps, stopped: Completed", resumed.Stderr);
    }

    [Fact]
    public void AnUnknownPresetIsOneErrorLineAndWritesNoModel()
    {
        var dir = TestPaths.TempDir();
        var model = Path.Combine(dir, "lm.zip");
        var result = Sctok("train", Corpus(dir), "-o", model, "--preset", "huge");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --preset 'huge' is not a model preset. Use cpu, 1M, 33M or hidden:layers:heads", result.Stderr);
        Assert.False(File.Exists(model));
    }
}
