using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Onnx.Generation;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>
/// <c>sctok export-onnx</c> in its own process: the graphs it writes give the zip's model's logits and greedy
/// continuations, and <c>sctok generate</c> from the folder prints what it prints from the zip.
/// </summary>
public class ExportOnnxCommandTests
{
    static SampleProcess.Result Sctok(params string[] args) => SampleProcess.Run("sctok.dll", args, TimeSpan.FromMinutes(3));

    [Fact]
    public void ExportOnnxWritesGraphsThatGiveTheZipsLogitsAndGreedyContinuations()
    {
        var dir = TestPaths.TempDir();
        var corpus = Path.Combine(dir, "stories.txt");
        StorySynthesizer.WriteCorpus(corpus, stories: 60, seed: 2);
        var model = Path.Combine(dir, "lm.zip");
        var train = Sctok("train", corpus, "-o", model, "--preset", "32:2:2", "--vocab-size", "300", "--seq-len", "32", "--max-steps", "3", "--threads", "1");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var folder = Path.Combine(dir, "onnx");
        var export = Sctok("export-onnx", "--model", model, "-o", folder, "--with-past");
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Contains("wrote model.onnx and decoder_with_past_model.onnx (ONNX opset 17)", export.Stderr);

        var lm = CausalLmTransformer.LoadFrom(new MLContext(), model).LanguageModel;
        var tokens = lm.Tokenizer.Encode(File.ReadAllText(corpus))[..40];
        var expected = lm.Model.Forward(tokens, 1, tokens.Length).ToArray();
        using (var session = new InferenceSession(Path.Combine(folder, GptNeoOnnxExport.ModelFileName)))
        using (var ids = OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(tokens, t => (long)t), [1, tokens.Length]))
        using (var outputs = session.Run(new RunOptions(), [GptNeoOnnxGraph.InputIds], [ids], [GptNeoOnnxGraph.Logits]))
        {
            var actual = outputs[0].GetTensorDataAsSpan<float>();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f, $"logit {i}: {expected[i]} vs {actual[i]}");
        }
        var greedy = new SamplingOptions { Temperature = 0, MaxNewTokens = 20 };
        using var onnx = OnnxLanguageModel.Open(Path.Combine(folder, GptNeoOnnxExport.WithPastFileName), new ContextDevice(null, false));
        using var decoder = onnx.CreateDecoder(2);
        Assert.Equal(GptNeoGenerator.Generate(lm.Model, tokens[..8], 2, greedy), GptNeoGenerator.Generate(decoder, tokens[..8], greedy));
    }

    [Fact]
    public void GenerateFromExportFoldersWithAndWithoutTheCachePrintsTheZipsContinuations()
    {
        var dir = TestPaths.TempDir();
        var corpus = Path.Combine(dir, "stories.txt");
        StorySynthesizer.WriteCorpus(corpus, stories: 60, seed: 2);
        // Plan tokens in the training text, so that keeping and stripping them is compared too.
        var annotated = LanguageModelCommandTests.AnnotatedCorpus(dir, corpus);
        var model = Path.Combine(dir, "lm.zip");
        var train = Sctok("train", annotated, "-o", model, "--preset", "32:2:2", "--vocab-size", "300", "--seq-len", "32", "--max-steps", "20", "--threads", "1");
        Assert.True(train.ExitCode == 0, train.Stderr);
        var cached = Path.Combine(dir, "onnx");
        var plain = Path.Combine(dir, "onnx-plain");
        Assert.Equal(0, Sctok("export-onnx", "--model", model, "-o", cached, "--with-past").ExitCode);
        Assert.Equal(0, Sctok("export-onnx", "--model", model, "-o", plain).ExitCode);
        Assert.False(File.Exists(Path.Combine(plain, GptNeoOnnxExport.WithPastFileName)));

        foreach (var options in new[]
        {
            new[] { "--prompt", "<cluster_1> Once upon a time", "-n", "2", "--max-tokens", "16", "--seed", "4", "--keep-cluster-tokens" },
            new[] { "--prompt", "<cluster_2> The dog", "-n", "3", "--max-tokens", "16", "--seed", "9", "--temperature", "1", "--top-k", "5" },
            new[] { "--prompt", "Once upon a time", "--max-tokens", "16", "--temperature", "0" },
        })
        {
            var fromZip = Sctok(["generate", "--model", model, .. options]);
            Assert.True(fromZip.ExitCode == 0, fromZip.Stderr);
            Assert.NotEqual("", fromZip.Stdout.Trim());
            Assert.Equal(options.Contains("--keep-cluster-tokens"), fromZip.Stdout.Contains("<cluster_"));
            foreach (var folder in new[] { cached, plain })
            {
                var fromFolder = Sctok(["generate", "--model", folder, .. options]);
                Assert.True(fromFolder.ExitCode == 0, fromFolder.Stderr);
                Assert.Equal(fromZip.Stdout, fromFolder.Stdout);
            }
        }
    }

    [Fact]
    public void GenerateRefusesAFolderWithoutAModelOrWithAMisnamedGraphInOneLine()
    {
        var dir = TestPaths.TempDir();
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a model");
        var empty = Sctok("generate", "--model", dir, "--prompt", "Once");
        Assert.Equal(1, empty.ExitCode);
        Assert.Equal(
            $"error: '{dir}' is neither an ONNX export (decoder_with_past_model.onnx or model.onnx, as sctok export-onnx writes) " +
            "nor a Hugging Face GPT-Neo folder (model.safetensors or model.safetensors.index.json); found notes.txt.",
            empty.Stderr.Trim());

        // A tiny model's ONNX export whose cached graph is model.onnx under the other name.
        var corpus = Path.Combine(dir, "stories.txt");
        StorySynthesizer.WriteCorpus(corpus, stories: 60, seed: 2);
        var model = Path.Combine(dir, "lm.zip");
        Assert.Equal(0, Sctok("train", corpus, "-o", model, "--preset", "32:2:2", "--vocab-size", "300", "--seq-len", "32", "--max-steps", "1", "--threads", "1").ExitCode);
        var folder = Path.Combine(dir, "onnx");
        Assert.Equal(0, Sctok("export-onnx", "--model", model, "-o", folder).ExitCode);
        File.Copy(Path.Combine(folder, GptNeoOnnxExport.ModelFileName), Path.Combine(folder, GptNeoOnnxExport.WithPastFileName));
        var misnamed = Sctok("generate", "--model", folder, "--prompt", "Once");
        Assert.Equal(1, misnamed.ExitCode);
        var line = Assert.Single(misnamed.Stderr.Trim().Split('\n'));
        Assert.StartsWith($"error: ONNX language model: '{Path.Combine(folder, GptNeoOnnxExport.WithPastFileName)}' is not a GPT-Neo decoder with past", line);
        Assert.Contains("Found inputs input_ids Int64[?,?]; outputs logits", line);
    }

    [Fact]
    public void ExportOnnxRefusesAFullFolderBeforeReadingTheModel()
    {
        var dir = TestPaths.TempDir();
        File.WriteAllText(Path.Combine(dir, "keep.txt"), "mine");
        var result = Sctok("export-onnx", "--model", Path.Combine(dir, "missing.zip"), "-o", dir);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"error: Cannot export to '{dir}': the folder is not empty", result.Stderr);
        Assert.Equal(["keep.txt"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }
}
