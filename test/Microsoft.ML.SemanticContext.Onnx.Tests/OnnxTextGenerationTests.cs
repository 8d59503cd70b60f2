using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Onnx.Generation;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Onnx.Tests;

/// <summary>
/// Text generation from an export folder (<see cref="OnnxCausalLanguageModel"/>) against the model .zip it was exported
/// from: the same prompt, options and seeds give the same continuations, with the cached graph and with model.onnx alone.
/// </summary>
public class OnnxTextGenerationTests(LanguageModelFixture lm) : IClassFixture<LanguageModelFixture>
{
    static readonly ContextDevice Cpu = new(null, false);

    public static TheoryData<bool, string, SamplingOptions> Cases()
    {
        var data = new TheoryData<bool, string, SamplingOptions>();
        var settings = new (string Name, SamplingOptions Options)[]
        {
            ("greedy", new SamplingOptions { Temperature = 0, MaxNewTokens = 100 }),
            ("T 0.8, top-p 0.95, seed 4", new SamplingOptions { Temperature = 0.8f, TopP = 0.95f, Seed = 4, MaxNewTokens = 40 }),
            ("T 1, top-k 20, seed 7", new SamplingOptions { Temperature = 1f, TopK = 20, TopP = 1, Seed = 7, MaxNewTokens = 40 }),
            ("T 1.2, unfiltered, seed 11", new SamplingOptions { Temperature = 1.2f, TopK = 0, TopP = 1, Seed = 11, MaxNewTokens = 40 }),
        };
        foreach (bool withPast in new[] { true, false })
            foreach (var (name, options) in settings) data.Add(withPast, name, options);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExportFolderContinuesPromptsAsTheZipDoesTextForText(bool withPast, string setting, SamplingOptions sampling)
    {
        var zip = CausalLmTransformer.LoadFrom(new MLContext(), lm.ZipPath);
        string prompt = string.Join(' ', lm.Stories[1].Split(' ').Take(6));
        var expected = zip.Generate(prompt, 3, sampling, keepClusterTokens: false);
        using var onnx = OnnxCausalLanguageModel.Open(withPast ? lm.Export : lm.ExportWithoutPast, Cpu, threads: 2);
        Assert.Equal(withPast, onnx.UsesCache);
        Assert.Equal(withPast ? GptNeoOnnxExport.WithPastFileName : GptNeoOnnxExport.ModelFileName, Path.GetFileName(onnx.GraphPath));
        var actual = onnx.Generate(prompt, 3, sampling);
        Assert.Equal(expected.Select(g => g.Text), actual.Select(g => g.Text));
        Assert.Equal(expected.Select(g => g.Tokens), actual.Select(g => g.Tokens));
        // A sample may end early at end-of-text; together they must hold enough tokens for the comparison to say something.
        Assert.True(expected.Sum(g => g.Tokens.Length) >= 30, $"{setting}: the continuations are nearly empty; the comparison would say little");
        if (sampling.Temperature > 0)
            Assert.True(expected.Select(g => g.Text).Distinct().Count() > 1, $"{setting}: the three samples are identical; sampling would be untested");
    }

    [Fact]
    public void FolderWithoutEitherGraphIsRefusedNamingWhatItExpectedAndFound()
    {
        var dir = TestPaths.TempDir();
        File.Copy(Path.Combine(lm.Export, "config.json"), Path.Combine(dir, "config.json"));
        var e = Assert.Throws<InvalidDataException>(() => OnnxCausalLanguageModel.Open(dir, Cpu));
        Assert.Equal($"ONNX language model: '{dir}' has neither decoder_with_past_model.onnx nor model.onnx (the graphs sctok export-onnx writes); found config.json.", e.Message);
    }

    [Fact]
    public void GraphWithFewerLogitsThanTheTokenizerHasIdsIsRefused()
    {
        var dir = TestPaths.TempDir();
        foreach (var file in Directory.GetFiles(lm.ExportWithoutPast).Where(f => !f.EndsWith(".onnx", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        // A graph of another model, with 50 logits beside the fixture's tokenizer of 400 ids.
        var small = GptNeoModel.CreateRandom(GptNeoConfig.Alternating(50, hiddenSize: 16, layers: 1, heads: 2, windowSize: 4, maxPositions: 32), seed: 5);
        GptNeoOnnxExport.WriteGraph(small, Path.Combine(dir, GptNeoOnnxExport.ModelFileName), withPast: false);
        var e = Assert.Throws<InvalidDataException>(() => OnnxCausalLanguageModel.Open(dir, Cpu));
        Assert.Equal($"ONNX language model: the tokenizer beside '{Path.Combine(dir, GptNeoOnnxExport.ModelFileName)}' has {lm.Transformer.LanguageModel.Tokenizer.VocabularySize} tokens but the graph's logits only 50.", e.Message);
    }

    [Fact]
    public void GraphsUnderEachOthersNamesAreRefusedNamingTheFileAndTheSignatures()
    {
        var dir = TestPaths.TempDir();
        foreach (var file in Directory.GetFiles(lm.Export).Where(f => !f.EndsWith(".onnx", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        // The cached graph named model.onnx: not the one-input graph.
        File.Copy(lm.WithPastOnnx, Path.Combine(dir, GptNeoOnnxExport.ModelFileName));
        var plain = Assert.Throws<InvalidDataException>(() => OnnxCausalLanguageModel.Open(dir, Cpu));
        Assert.StartsWith($"ONNX language model: '{Path.Combine(dir, GptNeoOnnxExport.ModelFileName)}' is not a GPT-Neo graph written by sctok export-onnx. Expected input input_ids [batch, sequence]", plain.Message);
        Assert.Contains("Found inputs input_ids Int64[?,?], attention_mask Int64[?,?], position_ids Int64[?,?], past_key_values.0.key", plain.Message);
        // model.onnx named decoder_with_past_model.onnx: no cache inputs.
        File.Copy(lm.ModelOnnx, Path.Combine(dir, GptNeoOnnxExport.WithPastFileName));
        var cached = Assert.Throws<InvalidDataException>(() => OnnxCausalLanguageModel.Open(dir, Cpu));
        Assert.StartsWith($"ONNX language model: '{Path.Combine(dir, GptNeoOnnxExport.WithPastFileName)}' is not a GPT-Neo decoder with past", cached.Message);
        Assert.Contains("Found inputs input_ids Int64[?,?]; outputs logits Float[?,?,", cached.Message);
    }
}
