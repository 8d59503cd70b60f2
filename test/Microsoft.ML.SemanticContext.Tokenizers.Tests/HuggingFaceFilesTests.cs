using System.Text.Json;
using System.Text.RegularExpressions;
using HuggingFaceTokenizer = Tokenizers.DotNet.Tokenizer;

namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

/// <summary>
/// The Hugging Face files <see cref="ByteLevelBpeTokenizer.SaveHuggingFace"/> writes, read by Hugging Face's own Rust
/// <c>tokenizers</c> library (the engine of transformers' fast tokenizer, through the Tokenizers.DotNet package) and by
/// <see cref="ByteLevelBpeTokenizer.Load"/>: the same ids, plan tokens always single ids.
/// </summary>
public class HuggingFaceFilesTests
{
    const int PlanTokens = 5;

    /// <summary>A BPE trained on real stories, with &lt;unk&gt; and five plan tokens on top, as the trainer builds it.</summary>
    static ByteLevelBpeTokenizer PlanTokenizer()
    {
        var tokenizer = ByteLevelBpeTokenizer.Train(TestData.CleanStories(skip: 0, count: 300), 800, ["<unk>"]);
        for (int i = 0; i < PlanTokens; i++) tokenizer.AddSpecialToken($"<cluster_{i}>");
        return tokenizer;
    }

    /// <summary>50 real stories (not the training ones) with a plan token before every sentence, as annotation writes them.</summary>
    static IReadOnlyList<(string Text, int Tokens)> AnnotatedStories()
    {
        var sentenceStart = new Regex(@"(?<=[.!?""]\s+|^)(?=\S)");
        return TestData.CleanStories(skip: 300, count: 50).Select((story, s) =>
        {
            int count = 0;
            string annotated = sentenceStart.Replace(story, _ => $"<cluster_{(s + count++) % PlanTokens}> ");
            return (annotated, count);
        }).ToList();
    }

    [Fact]
    public void TheRustTokenizersLibraryGivesOurIdsAndNeverSplitsAPlanToken()
    {
        var ours = PlanTokenizer();
        using var folder = new TemporaryFolder();
        ours.SaveHuggingFace(folder, modelMaxLength: 512);
        using var huggingFace = new HuggingFaceTokenizer(Path.Combine(folder, "tokenizer.json"));
        var planIds = Enumerable.Range(0, PlanTokens).Select(i => ours.Encode($"<cluster_{i}>").Single()).ToHashSet();

        foreach (var (text, tokens) in AnnotatedStories())
        {
            var ids = huggingFace.Encode(text).Select(id => (int)id).ToArray();
            Assert.Equal(ours.Encode(text), ids);
            Assert.Equal(tokens, ids.Count(planIds.Contains));
        }
    }

    [Fact]
    public void TheRustTokenizersLibraryGivesGpt2sIdsFromOurGpt2TokenizerJson()
    {
        using var folder = new TemporaryFolder();
        TestData.Gpt2.SaveHuggingFace(folder);
        using var huggingFace = new HuggingFaceTokenizer(Path.Combine(folder, "tokenizer.json"));
        var texts = TestData.CleanStories(skip: 0, count: 100)
            .Concat(File.ReadLines(Path.Combine(TestData.Fixtures, "odd_cases.jsonl")).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!))
            .Where(text => text.Length > 0);
        foreach (var text in texts)
            Assert.Equal(TestData.Gpt2.Encode(text), huggingFace.Encode(text).Select(id => (int)id).ToArray());
    }

    /// <summary>
    /// The golden ids of build/fixtures/huggingface (a BPE trained and applied in plain Python) are the Rust library's
    /// ids for the fixture's tokenizer.json, so the fixture tests compare our loader with Hugging Face itself.
    /// </summary>
    [Fact]
    public void TheRustTokenizersLibraryGivesThePythonFixturesIds()
    {
        string fixture = Path.Combine(TestData.RepositoryRoot, "build", "fixtures", "huggingface");
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture, "expected.json")));
        using var huggingFace = new HuggingFaceTokenizer(Path.Combine(fixture, "untied", "tokenizer.json"));
        foreach (var text in expected.RootElement.GetProperty("texts").EnumerateArray())
            Assert.Equal(text.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32()),
                huggingFace.Encode(text.GetProperty("text").GetString()!).Select(id => (int)id));
    }

    [Fact]
    public void LoadReadsBackTokenizerJsonAndTheSlowTokenizersFiles()
    {
        var original = PlanTokenizer();
        using var folder = new TemporaryFolder();
        original.SaveHuggingFace(folder);
        Assert.Equal(["merges.txt", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.json"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        SaveLoadTests.AssertSameTokenizer(original, ByteLevelBpeTokenizer.Load(folder));

        // Without tokenizer.json the plan tokens come from tokenizer_config.json's added_tokens_decoder.
        File.Delete(Path.Combine(folder, "tokenizer.json"));
        SaveLoadTests.AssertSameTokenizer(original, ByteLevelBpeTokenizer.Load(folder));
    }

    [Fact]
    public void ConfigFilesNameEndOfTextAsBosAndEosAndEverySpecialTokenAsAnAddedSpecialToken()
    {
        var tokenizer = PlanTokenizer();
        tokenizer.AddSpecialToken(ByteLevelBpeTokenizer.PaddingToken);
        using var folder = new TemporaryFolder();
        tokenizer.SaveHuggingFace(folder, modelMaxLength: 256);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "tokenizer_config.json")));
        using var map = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "special_tokens_map.json")));
        string[] plan = Enumerable.Range(0, PlanTokens).Select(i => $"<cluster_{i}>").ToArray();
        foreach (var roles in new[] { config.RootElement, map.RootElement })
        {
            Assert.Equal("<|endoftext|>", roles.GetProperty("bos_token").GetString());
            Assert.Equal("<|endoftext|>", roles.GetProperty("eos_token").GetString());
            Assert.Equal("<unk>", roles.GetProperty("unk_token").GetString());
            Assert.Equal("<pad>", roles.GetProperty("pad_token").GetString());
            Assert.Equal(plan, roles.GetProperty("additional_special_tokens").EnumerateArray().Select(e => e.GetString()));
        }
        Assert.Equal(tokenizer.PaddingId, tokenizer.Encode("<pad>").Single());
        Assert.False(config.RootElement.GetProperty("clean_up_tokenization_spaces").GetBoolean());
        Assert.Equal(256, config.RootElement.GetProperty("model_max_length").GetInt32());
        var decoder = config.RootElement.GetProperty("added_tokens_decoder").EnumerateObject()
            .ToDictionary(e => int.Parse(e.Name), e => (e.Value.GetProperty("content").GetString(), e.Value.GetProperty("special").GetBoolean()));
        Assert.Equal(tokenizer.SpecialTokens.Count, decoder.Count);
        foreach (var special in tokenizer.SpecialTokens)
            Assert.Equal((special, true), decoder[tokenizer.Encode(special).Single()]);
    }
}
