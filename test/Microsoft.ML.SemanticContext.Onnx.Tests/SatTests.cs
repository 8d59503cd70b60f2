using Microsoft.ML.SemanticContext.Onnx.Runtime;
using Microsoft.ML.SemanticContext.Onnx.Segmentation;
using Microsoft.ML.SemanticContext.Onnx.Tokenization;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;
using static Microsoft.ML.SemanticContext.Onnx.Tests.OnnxFixtures;

namespace Microsoft.ML.SemanticContext.Onnx.Tests;

public class SatTests
{
    static readonly System.Text.Json.JsonElement Reference = Expected.GetProperty("sat");
    static string Text => Reference.GetProperty("text").GetString()!;

    static SatOptions Options(int maxWords = 40) => new()
    {
        Threshold = (float)Reference.GetProperty("threshold").GetDouble(),
        BlockSize = Reference.GetProperty("block").GetInt32(),
        Stride = Reference.GetProperty("stride").GetInt32(),
        MaxSentenceWords = maxWords,
    };

    [Fact]
    public void SentencePieceIdsMatchThePythonSentencepieceLibraryWithXlmROffsets()
    {
        var tokenizer = ModelTokenizer.Open(OnnxModelFolder.Open(Sat, "test"), "test");
        var words = TextWords.WhitespaceWords(Text);
        var expected = Reference.GetProperty("word_ids").EnumerateArray().Select(Ints).ToArray();
        Assert.Equal(expected.Length, words.Count);
        for (int w = 0; w < words.Count; w++) Assert.Equal(expected[w], tokenizer.EncodePieces(Text[words[w]]));
    }

    [Fact]
    public void OverlappingWindowsGiveThePythonReferenceSentences()
    {
        using var sat = SatSentenceSplitter.Open(new MLContext(1), Sat, Options());
        var spans = new List<SentenceSpan>();
        sat.Split(Text, spans);
        var expected = Reference.GetProperty("sentences").EnumerateArray().Select(s => s.GetString()).ToArray();
        Assert.Equal(expected, spans.Select(s => Text.Substring(s.Start, s.Length)).ToArray());
    }

    [Fact]
    public void AnOverLongSentenceFallsBackToTheBuiltInSplitter()
    {
        const string Joined = "Once upon a time there was a little girl named Lily she loved to play outside. One day she saw a big red ball in the";
        Assert.Contains(Joined, Sentences(Options()));            // SaT finds no boundary at "outside." (26 words)
        var bounded = Sentences(Options(maxWords: 20));             // over 20 words: the built-in splitter cuts it at the period
        Assert.DoesNotContain(Joined, bounded);
        Assert.Contains("Once upon a time there was a little girl named Lily she loved to play outside.", bounded);
        Assert.Contains("One day she saw a big red ball in the", bounded);
        Assert.Equal(Text.Split(' '), string.Join(" ", bounded).Split(' '));
    }

    static List<string> Sentences(SatOptions options)
    {
        using var sat = SatSentenceSplitter.Open(new MLContext(1), Sat, options);
        var spans = new List<SentenceSpan>();
        sat.Split(Text, spans);
        return spans.Select(s => Text.Substring(s.Start, s.Length)).ToList();
    }
}
