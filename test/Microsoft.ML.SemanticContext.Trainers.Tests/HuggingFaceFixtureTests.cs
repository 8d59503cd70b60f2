using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Storage;
using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>
/// Hugging Face folders written by an independent implementation (build/fixtures/huggingface/make_fixture.py: a BPE
/// trained and applied in plain Python, whose ids the Rust tokenizers library confirms, and the PyTorch GPT-Neo reference
/// in float64): "untied" has tie_word_embeddings false, lm_head.weight and a tokenizer.json; "sharded" has its weights
/// in two shards with an index and only the slow tokenizer's files. Both are read, exported and read again.
/// </summary>
public class HuggingFaceFixtureTests
{
    static string Fixture => Path.Combine(TestPaths.Root, "build", "fixtures", "huggingface");

    static readonly JsonObject Expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixture, "expected.json")))!.AsObject();

    static readonly Dictionary<string, NamedTensor> ExpectedLogits =
        SafeTensors.Read(Path.Combine(Fixture, "expected.safetensors")).Tensors.ToDictionary(t => t.Name);

    static IEnumerable<(string Text, int[] Ids)> Texts() =>
        Expected["texts"]!.AsArray().Select(t => (t!["text"]!.GetValue<string>(), t["ids"]!.AsArray().Select(id => id!.GetValue<int>()).ToArray()));

    static int[][] Inputs(string folder) =>
        Expected["models"]![folder]!["inputs"]!.AsArray().Select(row => row!.AsArray().Select(id => id!.GetValue<int>()).ToArray()).ToArray();

    static CausalLmTransformer Load(string path) => CausalLmTransformer.LoadFrom(new MLContext(seed: 1), path);

    [Theory]
    [InlineData("untied", false)]
    [InlineData("sharded", true)]
    public void TheFolderGivesThePythonIdsAndLogits(string folder, bool tied)
    {
        var lm = Load(Path.Combine(Fixture, folder)).LanguageModel;
        Assert.Equal(tied, lm.Model.Config.TieWordEmbeddings);
        var planIds = PlanTokenVocabulary.IdsIn(lm.Tokenizer);
        Assert.Equal(4, planIds.Count);
        foreach (var (text, ids) in Texts())
        {
            Assert.Equal(ids, lm.Tokenizer.Encode(text));
            // Each plan token of the text (cluster 0-3; "<cluster_10>" is not one) is one id.
            int planTokens = ClusterTokens.Split(text).Count(piece => piece.Cluster is >= 0 and < 4);
            Assert.Equal(planTokens, ids.Count(planIds.Contains));
        }

        var inputs = Inputs(folder);
        int B = inputs.Length, T = inputs[0].Length;
        var logits = lm.Model.Forward(inputs.SelectMany(row => row).ToArray(), B, T).ToArray();
        var expected = ExpectedLogits[folder + ".logits"];
        Assert.Equal([B, T, lm.Model.Config.VocabularySize], expected.Shape);
        double worst = Enumerable.Range(0, logits.Length).Max(i => Math.Abs(logits[i] - expected.Data[i]));
        Assert.True(worst < 1e-4, $"largest logit difference {worst}");
    }

    [Theory]
    [InlineData("untied")]
    [InlineData("sharded")]
    public void LoadExportLoadIsTheIdentity(string folder)
    {
        using var temp = new TestPaths.TempFolder();
        var first = Load(Path.Combine(Fixture, folder));
        string exported = Path.Combine(temp.Path, "out");
        first.ExportHuggingFace(exported);
        Assert.Equal(["README.md", "config.json", "merges.txt", "model.safetensors", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.json"],
            Directory.GetFiles(exported).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("pt", SafeTensors.Read(Path.Combine(exported, "model.safetensors")).Metadata["format"]);

        var second = Load(exported).LanguageModel;
        var (a, b) = (first.LanguageModel, second);
        Assert.Equal(a.Model.Config, b.Model.Config);
        Assert.Equal(a.Model.Parameters, b.Model.Parameters);
        Assert.Equal(a.Tokenizer.VocabularySize, b.Tokenizer.VocabularySize);
        Assert.Equal(a.Tokenizer.SpecialTokens.Order(StringComparer.Ordinal), b.Tokenizer.SpecialTokens.Order(StringComparer.Ordinal));
        foreach (var (text, ids) in Texts()) Assert.Equal(ids, b.Tokenizer.Encode(text));
        for (int id = 0; id < a.Tokenizer.VocabularySize; id++)
            Assert.Equal(a.Tokenizer.GetTokenBytes(id).ToArray(), b.Tokenizer.GetTokenBytes(id).ToArray());
    }

    [Fact]
    public void TheExportedConfigNamesTheTokenizersEndOfTextAndPadIds()
    {
        using var temp = new TestPaths.TempFolder();
        var lm = Load(Path.Combine(Fixture, "untied"));
        string exported = Path.Combine(temp.Path, "out");
        lm.ExportHuggingFace(exported);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(exported, "config.json")))!;
        int endOfText = lm.LanguageModel.Tokenizer.EndOfTextId, vocabulary = config["vocab_size"]!.GetValue<int>();
        Assert.Equal(0, endOfText);  // the fixture puts its specials first, unlike GPT-2
        Assert.Equal(endOfText, config["bos_token_id"]!.GetValue<int>());
        Assert.Equal(endOfText, config["eos_token_id"]!.GetValue<int>());
        Assert.Equal(2, config["pad_token_id"]!.GetValue<int>());
        Assert.False(config["tie_word_embeddings"]!.GetValue<bool>());
        Assert.InRange(endOfText, 0, vocabulary - 1);
    }

    [Fact]
    public void AConfigWhoseEosIsNotTheTokenizersEndOfTextIsRefused()
    {
        using var temp = new TestPaths.TempFolder();
        foreach (var file in Directory.GetFiles(Path.Combine(Fixture, "untied"))) File.Copy(file, Path.Combine(temp.Path, Path.GetFileName(file)));
        var configPath = Path.Combine(temp.Path, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["eos_token_id"] = 50256;  // what transformers assumes for a config without one
        File.WriteAllText(configPath, config.ToJsonString());
        var e = Assert.Throws<InvalidDataException>(() => Load(temp.Path));
        Assert.Contains("config.json: eos_token_id 50256 is not the tokenizer's end of text (<|endoftext|> = 0)", e.Message);
    }

    [Fact]
    public void AMissingShardIsNamed()
    {
        using var temp = new TestPaths.TempFolder();
        foreach (var file in Directory.GetFiles(Path.Combine(Fixture, "sharded")).Where(f => !f.EndsWith("00002-of-00002.safetensors", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(temp.Path, Path.GetFileName(file)));
        var e = Assert.Throws<FileNotFoundException>(() => Load(temp.Path));
        Assert.Contains("the shard 'model-00002-of-00002.safetensors' it lists is not in", e.Message);
    }

    [Fact]
    public void PyTorchPickleWeightsGetTheConversionHint()
    {
        using var temp = new TestPaths.TempFolder();
        File.Copy(Path.Combine(Fixture, "untied", "config.json"), Path.Combine(temp.Path, "config.json"));
        File.WriteAllBytes(Path.Combine(temp.Path, "pytorch_model.bin"), [0x80, 0x02]);
        var e = Assert.Throws<FileNotFoundException>(() => Load(temp.Path));
        Assert.Contains("has no model.safetensors", e.Message);
        Assert.Contains("It holds pytorch_model.bin", e.Message);
        Assert.Contains("safetensors.torch.save_file", e.Message);
    }
}
