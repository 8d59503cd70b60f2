using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Onnx.Generation;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary><c>sctok export-onnx</c> in its own process: the graphs it writes give the zip's model's logits and greedy continuations.</summary>
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
