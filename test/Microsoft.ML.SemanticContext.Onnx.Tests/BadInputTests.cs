using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Onnx.Embedding;
using Microsoft.ML.SemanticContext.Onnx.Masking;
using Microsoft.ML.SemanticContext.Onnx.Segmentation;
using static Microsoft.ML.SemanticContext.Onnx.Tests.OnnxFixtures;

namespace Microsoft.ML.SemanticContext.Onnx.Tests;

public class BadInputTests
{
    [Fact]
    public void AMissingFolderOrModelFileIsNamed()
    {
        var nowhere = Path.Combine(TestPaths.TempDir(), "no-such-model");
        var folder = Assert.Throws<DirectoryNotFoundException>(() => OnnxSentenceEmbedder.Open(new MLContext(1), nowhere));
        Assert.Contains($"model folder '{nowhere}' does not exist", folder.Message);

        var empty = TestPaths.TempDir();
        var model = Assert.Throws<FileNotFoundException>(() => SatSentenceSplitter.Open(new MLContext(1), empty));
        Assert.Contains("has no ONNX model; looked for model.onnx and onnx/model.onnx", model.Message);
    }

    [Fact]
    public void AMissingTokenizerListsTheFilesLookedFor()
    {
        var folder = CopyOf(Embedder);
        File.Delete(Path.Combine(folder, "vocab.txt"));
        var error = Assert.Throws<FileNotFoundException>(() => OnnxSentenceEmbedder.Open(new MLContext(1), folder));
        Assert.Contains("has no tokenizer file; looked for vocab.txt (WordPiece), sentencepiece.bpe.model", error.Message);
    }

    [Fact]
    public void AnUnsupportedTokenizerTypeIsRefusedByName()
    {
        var folder = CopyOf(Embedder);
        File.Delete(Path.Combine(folder, "vocab.txt"));
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), """{"model": {"type": "WordLevel", "vocab": {"a": 0}}}""");
        var error = Assert.Throws<NotSupportedException>(() => OnnxSentenceEmbedder.Open(new MLContext(1), folder));
        Assert.Contains("has a tokenizer of type 'WordLevel', which this stage does not read", error.Message);
    }

    [Fact]
    public void ATokenizerJsonWithAWordPieceModelGivesTheSameVectorsAsVocabTxt()
    {
        var folder = CopyOf(Embedder);
        var vocab = File.ReadAllLines(Path.Combine(folder, "vocab.txt"));
        var map = new JsonObject();
        for (int i = 0; i < vocab.Length; i++) map[vocab[i]] = i;
        File.Delete(Path.Combine(folder, "vocab.txt"));
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), new JsonObject { ["model"] = new JsonObject { ["type"] = "WordPiece", ["vocab"] = map } }.ToJsonString());
        using var fromJson = OnnxSentenceEmbedder.Open(new MLContext(1), folder);
        using var fromTxt = OnnxSentenceEmbedder.Open(new MLContext(1), Embedder);
        Assert.Equal(fromTxt.Embed(Texts), fromJson.Embed(Texts));
    }

    [Fact]
    public void AModelWithTheWrongSignatureListsWhatWasExpectedAndWhatWasFound()
    {
        // The NER model's output is 'logits', not a sentence embedder's last_hidden_state.
        var folder = CopyOf(Ner);
        var error = Assert.Throws<InvalidDataException>(() => OnnxSentenceEmbedder.Open(new MLContext(1), folder));
        Assert.Contains("does not have the expected signature: no output named last_hidden_state or token_embeddings", error.Message);
        Assert.Contains("Expected inputs input_ids, attention_mask (optional token_type_ids); output last_hidden_state or token_embeddings", error.Message);
        Assert.Contains("Found inputs input_ids Int64[?,?], attention_mask Int64[?,?], token_type_ids Int64[?,?]; outputs logits Float[?,?,9]", error.Message);

        // The embedder as SaT: no 'logits' output either.
        var sat = Assert.Throws<InvalidDataException>(() => SatSentenceSplitter.Open(new MLContext(1), Embedder));
        Assert.Contains("no output named logits", sat.Message);
    }

    [Fact]
    public void NerLabelsThatDoNotMatchTheModelAreRefused()
    {
        var folder = CopyOf(Ner);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        config["id2label"] = new JsonObject { ["0"] = "O", ["1"] = "B-PER", ["2"] = "I-PER" };
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        var error = Assert.Throws<InvalidDataException>(() => OnnxNameRecognizer.Open(new MLContext(1), folder));
        Assert.Contains("gives 9 logits per token, but config.json's id2label has 3 labels", error.Message);
    }

    [Fact]
    public void SaTWindowSettingsOutsideTheModelAreRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SatSentenceSplitter.Open(new MLContext(1), Sat, new SatOptions { BlockSize = 16, Stride = 14 }));
        Assert.Contains("windows of 16 tokens need 0 ≤ Stride < 14", error.Message);
    }
}
