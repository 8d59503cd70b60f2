using Microsoft.ML.SemanticContext.Onnx.Embedding;
using Microsoft.ML.SemanticContext.Onnx.Runtime;
using Microsoft.ML.SemanticContext.Onnx.Tokenization;
using static Microsoft.ML.SemanticContext.Onnx.Tests.OnnxFixtures;

namespace Microsoft.ML.SemanticContext.Onnx.Tests;

public class EmbedderTests
{
    static readonly System.Text.Json.JsonElement Reference = Expected.GetProperty("embedder");

    [Fact]
    public void WordPieceIdsMatchThePythonReference()
    {
        var tokenizer = ModelTokenizer.Open(OnnxModelFolder.Open(Embedder, "test"), "test");
        var ids = Reference.GetProperty("ids").EnumerateArray().ToArray();
        for (int i = 0; i < Texts.Length; i++)
            Assert.Equal(Ints(ids[i]), tokenizer.Encode(Texts[i], 32, out _));
        Assert.Equal(Ints(Reference.GetProperty("long_ids")), tokenizer.Encode(Reference.GetProperty("long_text").GetString()!, 32, out bool truncated));
        Assert.True(truncated);
    }

    [Fact]
    public void MeanPoolingDenseHeadAndNormalisationMatchNumpy()
    {
        using var embedder = OnnxSentenceEmbedder.Open(new MLContext(1), Embedder, new OnnxEmbedderOptions { BatchSize = 2 });
        Assert.Equal(24, embedder.Dimension);
        Assert.Equal(SentencePooling.Mean, embedder.Pooling);
        var vectors = embedder.Embed(Texts);
        var expected = Reference.GetProperty("mean_dense_normalized").EnumerateArray().ToArray();
        for (int i = 0; i < Texts.Length; i++) AssertClose(Floats(expected[i]), vectors.AsSpan(i * 24, 24));
    }

    [Theory]
    [InlineData(SentencePooling.Mean, "mean")]
    [InlineData(SentencePooling.Cls, "cls")]
    [InlineData(SentencePooling.LastToken, "last")]
    public void EachPoolingMatchesNumpyWithoutHeadOrNormalisation(SentencePooling pooling, string key)
    {
        var folder = CopyOf(Embedder);
        Directory.Delete(Path.Combine(folder, "2_Dense"), recursive: true);
        using var embedder = OnnxSentenceEmbedder.Open(new MLContext(1), folder, new OnnxEmbedderOptions { Pooling = pooling, Normalize = false });
        Assert.Equal(32, embedder.Dimension);
        var vectors = embedder.Embed(Texts);
        var expected = Reference.GetProperty(key).EnumerateArray().ToArray();
        for (int i = 0; i < Texts.Length; i++) AssertClose(Floats(expected[i]), vectors.AsSpan(i * 32, 32));
    }

    [Fact]
    public void ATextLongerThanTheModelIsTruncatedAndTheLogSaysSo()
    {
        var ml = new MLContext(1);
        var log = Log(ml);
        using var embedder = OnnxSentenceEmbedder.Open(ml, Embedder);
        var vector = embedder.Embed([Reference.GetProperty("long_text").GetString()!, Texts[0]]);
        AssertClose(Floats(Reference.GetProperty("long_mean_dense_normalized")), vector.AsSpan(0, 24));
        Assert.Equal(1, embedder.TruncatedChunks);
        Assert.Contains(log, l => l.Contains("longer than the model's 32 tokens"));
    }

    [Fact]
    public void TheInstructionPrefixIsTokenizedBeforeEveryChunk()
    {
        using var plain = OnnxSentenceEmbedder.Open(new MLContext(1), Embedder);
        using var prefixed = OnnxSentenceEmbedder.Open(new MLContext(1), Embedder, new OnnxEmbedderOptions { InstructionPrefix = "the dog said: " });
        Assert.Equal(plain.Embed(["the dog said: " + Texts[1]]), prefixed.Embed([Texts[1]]));
        Assert.NotEqual(plain.Embed([Texts[1]]), prefixed.Embed([Texts[1]]));
    }

    [Fact]
    public void TheLogSaysWhichExecutionProviderRan()
    {
        var ml = new MLContext(1);
        var log = Log(ml);
        using var embedder = OnnxSentenceEmbedder.Open(ml, Embedder);
        Assert.Contains(log, l => l.Contains("on CPU: no GPU requested"));
        Assert.Contains("ONNX Runtime on CPU", embedder.Description);
    }
}

public class ByteLevelBpeTests
{
    [Fact]
    public void VocabJsonAndMergesTxtGiveThePlainPythonBpeIds()
    {
        // A model folder with GPT-2/Qwen2-style files (those of build/fixtures/huggingface/untied) instead of vocab.txt.
        var folder = CopyOf(Embedder);
        File.Delete(Path.Combine(folder, "vocab.txt"));
        foreach (var name in new[] { "vocab.json", "merges.txt" })
            File.Copy(Path.Combine(TestPaths.Root, "build", "fixtures", "huggingface", "untied", name), Path.Combine(folder, name));
        var tokenizer = ModelTokenizer.Open(OnnxModelFolder.Open(folder, "test"), "test");
        Assert.Equal("byte-level BPE", tokenizer.Kind);
        var expected = Expected.GetProperty("byte_level_bpe_ids").EnumerateArray().Select(Ints).ToArray();
        for (int i = 0; i < Texts.Length; i++) Assert.Equal(expected[i], tokenizer.Encode(Texts[i], 512, out _));
    }
}
