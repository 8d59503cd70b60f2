using System.Text.Json;

namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

public class SaveLoadTests
{
    const string SpecialText = "<cluster_2> Lily saw a cat. <unk> ran.<|endoftext|><cluster_0>";

    [Fact]
    public void Gpt2WithClusterTokensRoundTripsThroughSaveAndLoad()
    {
        var original = TestData.LoadGpt2();
        foreach (var token in new[] { "<unk>", "<cluster_0>", "<cluster_1>", "<cluster_2>" }) original.AddSpecialToken(token);
        using var folder = new TemporaryFolder();
        original.Save(folder);

        Assert.Equal(["merges.txt", "special_tokens.json", "vocab.json"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        var loaded = ByteLevelBpeTokenizer.Load(folder);
        AssertSameTokenizer(original, loaded);
    }

    [Fact]
    public void TrainedTokenizerRoundTripsThroughSaveAndLoad()
    {
        var original = ByteLevelBpeTokenizer.Train(TestData.CleanStories(skip: 0, count: 300), 600, ["<unk>", "<cluster_0>", "<cluster_2>"]);
        using var folder = new TemporaryFolder();
        original.Save(folder);
        AssertSameTokenizer(original, ByteLevelBpeTokenizer.Load(folder));
    }

    [Fact]
    public void LoadsGpt2sOwnFileNamesEncoderJsonAndVocabBpe()
    {
        using var folder = new TemporaryFolder();
        TestData.Gpt2.Save(folder);
        File.Move(Path.Combine(folder, "vocab.json"), Path.Combine(folder, "encoder.json"));
        File.Move(Path.Combine(folder, "merges.txt"), Path.Combine(folder, "vocab.bpe"));
        File.Delete(Path.Combine(folder, "special_tokens.json"));

        AssertSameTokenizer(TestData.Gpt2, ByteLevelBpeTokenizer.Load(folder));
    }

    [Fact]
    public void LoadsHuggingFaceAddedTokensBesideVocabAndMerges()
    {
        using var folder = new TemporaryFolder();
        TestData.LoadGpt2().Save(folder);
        File.Delete(Path.Combine(folder, "special_tokens.json"));
        File.WriteAllText(Path.Combine(folder, "added_tokens.json"), """{"<cluster_0>": 50257, "<cluster_1>": 50258}""");

        var loaded = ByteLevelBpeTokenizer.Load(folder);
        Assert.Equal(50259, loaded.VocabularySize);
        Assert.Equal([50258, 50256, 50257], loaded.Encode("<cluster_1><|endoftext|><cluster_0>"));
    }

    [Fact]
    public void LoadsAHuggingFaceTokenizerJson()
    {
        var original = ByteLevelBpeTokenizer.Train(TestData.CleanStories(skip: 0, count: 200), 500, ["<cluster_0>"]);
        using var saved = new TemporaryFolder();
        original.Save(saved);
        var vocab = JsonDocument.Parse(File.ReadAllText(Path.Combine(saved, "vocab.json"))).RootElement;
        var merges = File.ReadAllLines(Path.Combine(saved, "merges.txt")).Skip(1).Select(line => line.Split(' ')).ToArray();
        var tokenizerJson = new
        {
            version = "1.0",
            added_tokens = original.SpecialTokens.Select(t => new { id = original.Encode(t)[0], content = t, special = true }),
            pre_tokenizer = new { type = "ByteLevel", add_prefix_space = false },
            model = new { type = "BPE", vocab, merges },
        };
        using var folder = new TemporaryFolder();
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), JsonSerializer.Serialize(tokenizerJson));

        AssertSameTokenizer(original, ByteLevelBpeTokenizer.Load(folder));
    }

    [Fact]
    public void SavingAgainReplacesTheFilesWithoutLeavingTemporaries()
    {
        using var folder = new TemporaryFolder();
        var tokenizer = TestData.LoadGpt2();
        tokenizer.Save(folder);
        tokenizer.AddSpecialToken("<cluster_0>");
        tokenizer.Save(folder);

        Assert.Equal(3, Directory.GetFiles(folder).Length);
        Assert.Equal(50258, ByteLevelBpeTokenizer.Load(folder).VocabularySize);
    }

    internal static void AssertSameTokenizer(ByteLevelBpeTokenizer expected, ByteLevelBpeTokenizer actual)
    {
        Assert.Equal(expected.VocabularySize, actual.VocabularySize);
        Assert.Equal(expected.EndOfTextId, actual.EndOfTextId);
        Assert.Equal(expected.SpecialTokens, actual.SpecialTokens);
        Assert.Equal(expected.MergeCount, actual.MergeCount);
        foreach (var text in TestData.CleanStories(skip: 4900, count: 50).Append(SpecialText))
            Assert.Equal(expected.Encode(text), actual.Encode(text));
        for (var id = 0; id < expected.VocabularySize; id++)
            Assert.Equal(expected.GetTokenBytes(id).ToArray(), actual.GetTokenBytes(id).ToArray());
    }
}
