using Microsoft.ML.SemanticContext.Experiments.Running;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>
/// Fine-tuning every model of an experiment from one base model (<c>--base</c>): the README's recipe at a tiny size, and
/// each base that cannot be fine-tuned refused before any stage runs.
/// </summary>
public class BaseModelExperimentTests
{
    static string Stories(string file) => Path.Combine(TestPaths.SharedData, "tinystories", file);

    static SampleProcess.Result Sctok(params string[] args) => SampleProcess.Run("sctok.dll", args, TimeSpan.FromMinutes(5));

    [Fact]
    public void TheRecipeFineTunesEveryModelFromTheBaseModelsWeights()
    {
        var dir = TestPaths.TempDir();
        var basePath = Path.Combine(dir, "base.zip");
        // The base learns from the training prefix; the experiment's stories come from the validation prefix (disjoint).
        var train = Sctok("train", Stories("TinyStories-train_prefix_2MiB.txt"), "-o", basePath, "--preset", "32:2:2", "--vocab-size", "300",
            "--seq-len", "64", "--max-steps", "3", "--threads", "2");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var output = Path.Combine(dir, "exp");
        var experiment = Sctok("experiment", "-o", output, "--base", basePath, "--corpus", Stories("TinyStories-valid_prefix_1840.txt"),
            "--max-stories", "200", "--prompt-count", "2", "--completions", "1", "--max-new-tokens", "8", "--max-steps", "2", "--seq-len", "64", "--threads", "2");
        Assert.True(experiment.ExitCode == 0, experiment.Stderr);
        Assert.Contains($"every model fine-tuned from '{basePath}'", experiment.Stderr);
        var report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("fine-tuned from the base model", report);
        // The models take the base's shape, so the report must not describe them by the unused default preset.
        Assert.Contains("| preset | none: every model takes the base model's shape and tokenizer |", report);
        Assert.DoesNotContain("cpu: hidden 128", report);

        var baseLm = CausalLmTransformer.LoadFrom(new MLContext(), basePath).LanguageModel;
        var vanilla = Open(output, ExperimentRunner.BaselineModel);
        var clustered = Open(output, "sct-s2-k5-prepend");
        int baseV = baseLm.Model.Config.VocabularySize, C = baseLm.Model.Config.HiddenSize;
        Assert.Equal(baseLm.Model.Config, vanilla.Model.Config);
        Assert.Equal(baseLm.Model.Config with { VocabularySize = baseV + 5 }, clustered.Model.Config);
        Assert.Equal(baseLm.Tokenizer.Encode("Once upon a time"), clustered.Tokenizer.Encode("Once upon a time"));
        // Two AdamW steps at the fine-tuning rate 5e-6 move a weight by about 1e-5 at most; the base's weights are ~0.02
        // apart from any other start. So every weight they share is the base's, up to those steps, in both models.
        const float reach = 4 * 2 * 5e-6f;
        foreach (var lm in new[] { vanilla, clustered })
            Assert.True(LargestMove(baseLm, lm) is > 0 and <= reach, $"moved {LargestMove(baseLm, lm)} from the base");
        // The cluster tokens' rows started at the mean of the base's rows.
        var wte = baseLm.Model.Tensor("transformer.wte.weight");
        var newRow = clustered.Model.Tensor("transformer.wte.weight").Slice((baseV + 3) * C, C);
        for (int c = 0; c < C; c++)
        {
            double mean = 0;
            for (int row = 0; row < baseV; row++) mean += wte[row * C + c];
            Assert.Equal(mean / baseV, newRow[c], reach);
        }
    }

    [Fact]
    public async Task TheBaseIsReadOnceAndEveryModelTrainsItsOwnCopyOfItsWeights()
    {
        var dir = TestPaths.TempDir();
        string basePath = Path.Combine(dir, "base"), moved = Path.Combine(dir, "base-moved");
        var tokenizer = ByteLevelBpeTokenizer.Train(["Once upon a time there was a dog. The dog was happy.", "The end."], 280);
        new CausalLanguageModel(GptNeoModel.CreateRandom(GptNeoConfig.Alternating(tokenizer.VocabularySize, 16, 2, 2, windowSize: 8, maxPositions: 256), seed: 1), tokenizer).Save(basePath);
        var options = TinyExperiment.Options(Path.Combine(dir, "exp")) with { BaseModelPath = basePath, SequenceLength = 64, MaxSteps = 1 };
        // The base is moved away as soon as the experiment says it opened it: any later read of it would fail.
        var log = new List<string>();
        var summary = await new ExperimentRunner(options, null, line =>
        {
            log.Add(line);
            if (line.StartsWith("experiment: ", StringComparison.Ordinal) && Directory.Exists(basePath)) Directory.Move(basePath, moved);
        }).RunAsync();

        Assert.False(Directory.Exists(basePath));
        Assert.Equal(2, summary.Models.Count);
        Assert.Contains(log, l => l.Contains("fine-tuning a copy of the given base model"));
        // One AdamW step at 5e-6 moves a weight by at most the rate (the first step's update is the gradient's sign). Had
        // the vanilla model trained the base in place, the cluster model, trained after it, would start one step away.
        var baseLm = CausalLanguageModel.Load(moved);
        foreach (var name in new[] { ExperimentRunner.BaselineModel, "sct-s2-k5-prepend" })
            Assert.True(LargestMove(baseLm, Open(options.OutputDirectory, name)) is > 0 and <= 5e-6f * 1.1f, name);
    }

    /// <summary>The largest change of any weight the model shares with the base (the first rows of a grown wte).</summary>
    static float LargestMove(CausalLanguageModel baseLm, CausalLanguageModel lm)
    {
        float largest = 0;
        foreach (var tensor in baseLm.Model.Layout.Tensors)
        {
            var expected = baseLm.Model.Tensor(tensor.Name);
            var actual = lm.Model.Tensor(tensor.Name)[..expected.Length];
            for (int i = 0; i < expected.Length; i++) largest = Math.Max(largest, Math.Abs(actual[i] - expected[i]));
        }
        return largest;
    }

    static CausalLanguageModel Open(string experiment, string model) =>
        CausalLmTransformer.LoadFrom(new MLContext(), Path.Combine(experiment, "models", model, "model.zip")).LanguageModel;

    public static TheoryData<string> BadBases => ["missing", "no tokenizer", "vocabulary mismatch", "short context"];

    [Theory]
    [MemberData(nameof(BadBases))]
    public async Task ABaseThatCannotBeFineTunedIsRefusedBeforeAnyStage(string problem)
    {
        var dir = TestPaths.TempDir();
        var basePath = Path.Combine(dir, "base");
        var tokenizer = ByteLevelBpeTokenizer.Train(["Once upon a time there was a dog. The dog was happy.", "The end."], 280);
        int rows = problem == "vocabulary mismatch" ? tokenizer.VocabularySize + 4 : tokenizer.VocabularySize;
        int context = problem == "short context" ? 64 : 256;
        if (problem != "missing")
            new CausalLanguageModel(GptNeoModel.CreateRandom(GptNeoConfig.Alternating(rows, 16, 2, 2, windowSize: 8, maxPositions: context), seed: 1), tokenizer).Save(basePath);
        if (problem == "no tokenizer")
            foreach (var file in Directory.GetFiles(basePath).Where(f => !Path.GetFileName(f).StartsWith("config", StringComparison.Ordinal) && !f.EndsWith(".safetensors", StringComparison.Ordinal)))
                File.Delete(file);
        var output = Path.Combine(dir, "exp");
        var options = TinyExperiment.Options(output) with { BaseModelPath = basePath, SequenceLength = 128 };

        var e = await Assert.ThrowsAnyAsync<Exception>(() => TinyExperiment.RunAsync(options));
        Assert.True(e is FileNotFoundException or InvalidDataException, e.ToString());
        Assert.Contains($"'{basePath}'", e.Message);
        Assert.Contains(problem switch
        {
            "missing" => "does not exist",
            "no tokenizer" => "has no tokenizer",
            "vocabulary mismatch" => $"has {rows} embedding rows but its tokenizer {tokenizer.VocabularySize} ids",
            _ => "context of 64 positions, shorter than the training sequence length 128",
        }, e.Message);
        Assert.False(Directory.Exists(output), "nothing was written");
    }

    [Fact]
    public void TheCommandLinePrintsOneErrorLineForAMissingBase()
    {
        var dir = TestPaths.TempDir();
        var missing = Path.Combine(dir, "nowhere");
        var result = Sctok("experiment", "-o", Path.Combine(dir, "exp"), "--base", missing, "--max-steps", "1");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: The base model '{missing}' does not exist: expected a Hugging Face GPT-Neo folder or a model .zip.", result.Stderr.Trim());
    }
}
