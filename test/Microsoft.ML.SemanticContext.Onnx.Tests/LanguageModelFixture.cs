using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Onnx.Tests;

/// <summary>
/// A small GPT-Neo trained here on 60 real TinyStories (BPE of 400 ids, hidden 32, 4 layers alternating global and
/// local with a window of 8, 4 heads, context 96, 150 steps), saved as a model .zip and exported to ONNX with and
/// without the key/value cache; shared by the export tests. The window is short so that every story runs far past it.
/// </summary>
public sealed class LanguageModelFixture : IDisposable
{
    public LanguageModelFixture()
    {
        Folder = TestPaths.TempDir();
        var ml = new MLContext(seed: 1);
        Stories = RealStories.JsonlTexts(Path.Combine(RealStories.Folder, "tinystories_gpt4_clean_first5000.jsonl")).Take(60).ToArray();
        var options = new CausalLmTrainerOptions
        {
            ModelConfig = GptNeoConfig.Alternating(1, hiddenSize: 32, layers: 4, heads: 4, windowSize: 8, maxPositions: 96),
            VocabularySize = 400,
            Training = new CausalLmTrainingOptions { BatchSize = 4, SequenceLength = 64, MaxSteps = 150, LearningRate = 3e-3f },
            Seed = 3,
        };
        var stories = ml.Data.LoadFromTexts(Stories);
        Transformer = ml.TextGeneration.Trainers.CausalLm(options).Fit(stories);
        ZipPath = Path.Combine(Folder, "lm.zip");
        ml.Model.SemanticContext.Save(Transformer, stories.Schema, ZipPath);
        Export = Path.Combine(Folder, "onnx");
        GptNeoOnnxExport.Export(Transformer.LanguageModel, Export, withPast: true);
        ExportWithoutPast = Path.Combine(Folder, "onnx-no-past");
        GptNeoOnnxExport.Export(Transformer.LanguageModel, ExportWithoutPast, withPast: false);
    }

    public string Folder { get; }
    public string[] Stories { get; }
    public CausalLmTransformer Transformer { get; }
    public GptNeoModel Model => Transformer.LanguageModel.Model;
    public string ZipPath { get; }

    /// <summary>The export folder: model.onnx, decoder_with_past_model.onnx, config.json, tokenizer files.</summary>
    public string Export { get; }

    /// <summary>An export without --with-past: model.onnx, config.json, tokenizer files.</summary>
    public string ExportWithoutPast { get; }

    public string ModelOnnx => Path.Combine(Export, GptNeoOnnxExport.ModelFileName);
    public string WithPastOnnx => Path.Combine(Export, GptNeoOnnxExport.WithPastFileName);

    /// <summary>The first <paramref name="length"/> tokens of each of the first <paramref name="count"/> stories, [count·length].</summary>
    public int[] StoryTokens(int count, int length)
    {
        var tokens = new int[count * length];
        for (int b = 0; b < count; b++)
        {
            var ids = Transformer.LanguageModel.Tokenizer.Encode(Stories[b]);
            Assert.True(ids.Length >= length, $"story {b} has only {ids.Length} tokens");
            ids.AsSpan(0, length).CopyTo(tokens.AsSpan(b * length));
        }
        return tokens;
    }

    /// <summary>An ONNX Runtime session with every graph optimisation on (the default of ONNX Runtime's own tools).</summary>
    public static InferenceSession Session(string path) =>
        new(path, new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR });

    /// <summary>Largest |expected − actual|.</summary>
    public static float MaxAbsDifference(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float max = 0;
        for (int i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        return max;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
