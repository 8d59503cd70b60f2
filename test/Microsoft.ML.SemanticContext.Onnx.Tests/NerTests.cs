using Microsoft.ML.SemanticContext.Onnx.Masking;
using Microsoft.ML.SemanticContext.Transforms.Masking;
using static Microsoft.ML.SemanticContext.Onnx.Tests.OnnxFixtures;

namespace Microsoft.ML.SemanticContext.Onnx.Tests;

public class NerTests
{
    static readonly System.Text.Json.JsonElement[] Reference = Expected.GetProperty("ner").GetProperty("chunks").EnumerateArray().ToArray();

    [Fact]
    public void PersonSpansMatchThePythonPipeline()
    {
        using var ner = OnnxNameRecognizer.Open(new MLContext(1), Ner);
        var names = ner.FindNames(Texts);
        for (int c = 0; c < Texts.Length; c++)
        {
            var expected = Reference[c].GetProperty("spans").EnumerateArray()
                .Where(s => s.GetProperty("label").GetString() == "PER")
                .Select(s => (s.GetProperty("start").GetInt32(), s.GetProperty("end").GetInt32())).ToList();
            Assert.Equal(expected, names[c].Select(n => (n.Start, n.Start + n.Length)).ToList());
        }
        Assert.True(names.Sum(n => n.Count) >= 3, "the fixture model finds several names");
    }

    [Fact]
    public void TheMaskStageReplacesNamesAndPronounsAsThePythonReference()
    {
        var ml = new MLContext(1);
        var log = Log(ml);
        using var ner = OnnxNameRecognizer.Open(ml, Ner);
        var stories = ml.Data.LoadFromTexts([string.Join(" ", Texts)]);
        var masker = ml.Transforms.SemanticContext.SegmentSentences(1)
            .Append(ml.Transforms.SemanticContext.MaskEntities(new EntityMaskOptions { NameRecognizer = ner })).Fit(stories);
        var mask = (EntityMaskTransformer)masker.LastTransformer;
        Assert.Equal(Reference.Select(r => r.GetProperty("masked").GetString()).ToArray(), mask.Mask(Texts));
        Assert.Contains(log, l => l.StartsWith("masker: ONNX NER model") && l.Contains("gendered pronouns by word list"));
    }

    [Theory]
    [InlineData(new[] { "B-PER", "I-PER", "O", "I-PER", "B-LOC", "I-PER" }, "PER 0-1; PER 3-3; LOC 4-4; PER 5-5")]
    [InlineData(new[] { "U-PER", "B-PER", "L-PER", "B-PER", "I-PER", "L-PER" }, "PER 0-0; PER 1-2; PER 3-5")]
    [InlineData(new[] { "S-PER", "B-ORG", "E-ORG", "O" }, "PER 0-0; ORG 1-2")]
    [InlineData(new[] { "PER", "PER", "O", "LOC" }, "PER 0-1; LOC 3-3")]
    public void BioBilouAndBioesLabelsDecode(string[] labels, string expected) =>
        Assert.Equal(expected, string.Join("; ", BioDecoder.Decode(labels).Select(e => $"{e.Type} {e.First}-{e.Last}")));

    [Fact]
    public void AChunkLongerThanTheModelRunsInWindowsAndTheLogSaysSo()
    {
        var ml = new MLContext(1);
        var log = Log(ml);
        using var ner = OnnxNameRecognizer.Open(ml, Ner);
        string longChunk = string.Join(" ", Enumerable.Repeat(Texts[3], 6)); // 6 × 9 pieces > 30
        var names = ner.FindNames([longChunk]);
        Assert.Equal(1, ner.WindowedChunks);
        Assert.Contains(log, l => l.Contains("runs in consecutive windows of whole words"));
        Assert.All(names[0], n => Assert.True(n.Start + n.Length <= longChunk.Length));
    }
}
