using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Onnx.Generation;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;
using static Microsoft.ML.SemanticContext.Onnx.Tests.LanguageModelFixture;

namespace Microsoft.ML.SemanticContext.Onnx.Tests;

/// <summary>
/// The exported GPT-Neo graphs in ONNX Runtime (all optimisations on) against the C# model's own forward pass, on real
/// story text, to 1e-4: without a cache, step by step with one far past the local window, with padding, and in greedy
/// generation.
/// </summary>
public class LanguageModelExportTests(LanguageModelFixture lm) : IClassFixture<LanguageModelFixture>
{
    const float Tolerance = 1e-4f;

    [Fact]
    public void GraphWithoutCacheGivesTheModelsLogitsOnRealStories()
    {
        const int B = 3, T = 80;  // ten times the local window
        var tokens = lm.StoryTokens(B, T);
        var expected = lm.Model.Forward(tokens, B, T).ToArray();
        using var session = Session(lm.ModelOnnx);
        using var ids = OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(tokens, t => (long)t), [B, T]);
        using var outputs = session.Run(new RunOptions(), [GptNeoOnnxGraph.InputIds], [ids], [GptNeoOnnxGraph.Logits]);
        Assert.Equal([B, T, lm.Model.Config.VocabularySize], outputs[0].GetTensorTypeAndShape().Shape);
        Assert.InRange(MaxAbsDifference(expected, outputs[0].GetTensorDataAsSpan<float>()), 0, Tolerance);
    }

    [Fact]
    public void UntiedHeadIsExportedAsItsOwnMatrixWithWideHeads()
    {
        // Heads of 32 channels: the C# model's GEMM attention kernel (the fixture's heads of 8 take the row kernel).
        var config = GptNeoConfig.Alternating(50, hiddenSize: 64, layers: 2, heads: 2, windowSize: 4, maxPositions: 32) with { TieWordEmbeddings = false };
        var model = GptNeoModel.CreateRandom(config, seed: 5);
        // Make the head differ from the embedding by more than the tolerance, so a graph that used wte would fail.
        var head = model.Tensor(GptNeoParameterLayout.OutputHeadName);
        for (int i = 0; i < head.Length; i++) head[i] *= 10;
        string path = Path.Combine(lm.Folder, "untied.onnx");
        GptNeoOnnxExport.WriteGraph(model, path, withPast: false);
        const int B = 2, T = 20;
        var tokens = Enumerable.Range(0, B * T).Select(i => i * 7 % 50).ToArray();
        var expected = model.Forward(tokens, B, T).ToArray();
        using var session = Session(path);
        using var ids = OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(tokens, t => (long)t), [B, T]);
        using var outputs = session.Run(new RunOptions(), [GptNeoOnnxGraph.InputIds], [ids], [GptNeoOnnxGraph.Logits]);
        Assert.InRange(MaxAbsDifference(expected, outputs[0].GetTensorDataAsSpan<float>()), 0, Tolerance);
    }

    [Fact]
    public void CachedDecodingStepByStepGivesTheFullForwardsLogitsFarPastTheWindow()
    {
        const int B = 2, T = 90, prompt = 5;
        var tokens = lm.StoryTokens(B, T);
        var full = lm.Model.Forward(tokens, B, T).ToArray();  // [B·T, V]
        int V = lm.Model.Config.VocabularySize;
        using var model = OnnxLanguageModel.Open(lm.WithPastOnnx, new ContextDevice(null, false));
        using var decoder = model.CreateDecoder(B);
        var prompts = new int[B * prompt];
        for (int b = 0; b < B; b++) tokens.AsSpan(b * T, prompt).CopyTo(prompts.AsSpan(b * prompt));
        var logits = decoder.Prefill(prompts, prompt);
        for (int position = prompt - 1; ; position++)
        {
            for (int b = 0; b < B; b++)
                Assert.True(MaxAbsDifference(full.AsSpan((b * T + position) * V, V), logits.Slice(b * V, V)) <= Tolerance, $"sequence {b}, position {position}");
            if (position == T - 1) break;
            logits = decoder.Step(new[] { tokens[position + 1], tokens[T + position + 1] });
        }
        Assert.Equal(T, decoder.Position);
    }

    [Fact]
    public void LeftPaddingMaskedByTheAttentionMaskLeavesTheRealTokensLogitsUnchanged()
    {
        const int T = 40, shorter = 25, pad = T - shorter;
        var tokens = lm.StoryTokens(2, T);
        var shortTokens = tokens.AsSpan(T, shorter).ToArray();
        int V = lm.Model.Config.VocabularySize, C = lm.Model.Config.HiddenSize, H = lm.Model.Config.Heads;
        var expectedLong = lm.Model.Forward(tokens.AsSpan(0, T), 1, T).ToArray();
        var expectedShort = lm.Model.Forward(shortTokens, 1, shorter).ToArray();
        // Row 1 is the second story's first 25 tokens after 15 padding ids (id 0, mask 0); its positions restart at 0.
        var ids = new long[2 * T];
        var mask = new long[2 * T];
        var positions = new long[2 * T];
        for (int t = 0; t < T; t++)
        {
            ids[t] = tokens[t]; mask[t] = 1; positions[t] = t;
            ids[T + t] = t < pad ? 0 : shortTokens[t - pad];
            mask[T + t] = t < pad ? 0 : 1;
            positions[T + t] = Math.Max(0, t - pad);
        }
        using var session = Session(lm.WithPastOnnx);
        var inputs = new List<OrtValue>
        {
            OrtValue.CreateTensorValueFromMemory(ids, [2, T]),
            OrtValue.CreateTensorValueFromMemory(mask, [2, T]),
            OrtValue.CreateTensorValueFromMemory(positions, [2, T]),
        };
        var names = new List<string> { GptNeoOnnxGraph.InputIds, GptNeoOnnxGraph.AttentionMask, GptNeoOnnxGraph.PositionIds };
        for (int l = 0; l < lm.Model.Config.Layers; l++)
        {
            names.AddRange([GptNeoOnnxGraph.PastKey(l), GptNeoOnnxGraph.PastValue(l)]);
            for (int i = 0; i < 2; i++) inputs.Add(OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [2, H, 0, C / H]));
        }
        using var outputs = session.Run(new RunOptions(), names, inputs, [GptNeoOnnxGraph.Logits]);
        var logits = outputs[0].GetTensorDataAsSpan<float>();  // [2, T, V]
        Assert.InRange(MaxAbsDifference(expectedLong, logits[..(T * V)]), 0, Tolerance);
        Assert.InRange(MaxAbsDifference(expectedShort, logits.Slice((T + pad) * V, shorter * V)), 0, Tolerance);
        foreach (var v in inputs) v.Dispose();
    }

    [Fact]
    public void GreedyGenerationThroughOnnxRuntimeEqualsTheModelsTokenForToken()
    {
        var prompt = lm.StoryTokens(1, 10);
        // 100 new tokens are more than the context leaves (96 − 10): both stop at the same context limit.
        var greedy = new SamplingOptions { Temperature = 0, MaxNewTokens = 100 };
        var expected = GptNeoGenerator.Generate(lm.Model, prompt, 3, greedy);
        using var model = OnnxLanguageModel.Open(lm.WithPastOnnx, new ContextDevice(null, false));
        using var decoder = model.CreateDecoder(3);
        var actual = GptNeoGenerator.Generate(decoder, prompt, greedy);
        Assert.Equal(96 - 10, expected[0].Length);
        Assert.Equal(expected, actual);
        Assert.True(expected[0].Distinct().Count() > 5, $"the model repeats a few tokens ({string.Join(" ", expected[0])}); the comparison would say little");
    }

    [Fact]
    public void ExportFolderHoldsBothGraphsTheConfigAndTheTokenizer()
    {
        var files = Directory.GetFiles(lm.Export).Select(Path.GetFileName).Order().ToArray();
        Assert.Contains("config.json", files);
        Assert.Contains(GptNeoOnnxExport.ModelFileName, files);
        Assert.Contains(GptNeoOnnxExport.WithPastFileName, files);
        Assert.Contains("tokenizer.json", files);
        var reloaded = ByteLevelBpeTokenizer.Load(lm.Export);
        Assert.Equal(lm.Transformer.LanguageModel.Tokenizer.Encode(lm.Stories[0]), reloaded.Encode(lm.Stories[0]));
        Assert.Equal(lm.Model.Config, GptNeoConfigJson.Read(Path.Combine(lm.Export, "config.json")));
    }

    [Fact]
    public void DecoderRefusesAGraphWithoutTheCacheNamingWhatItExpected()
    {
        var e = Assert.Throws<InvalidDataException>(() => OnnxLanguageModel.Open(lm.ModelOnnx, new ContextDevice(null, false)));
        Assert.Contains("past_key_values.{i}.key/value", e.Message);
        Assert.Contains("Found inputs input_ids Int64[?,?]", e.Message);
    }
}
