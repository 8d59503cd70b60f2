namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

public class SpecialTokenTests
{
    [Fact]
    public void EndOfTextInTextIsOneIdAndTheTextAroundItEncodesAsOnItsOwn()
    {
        var gpt2 = TestData.Gpt2;
        var ids = gpt2.Encode("The end.<|endoftext|>Once upon a time");
        Assert.Equal(gpt2.Encode("The end.").Append(50256).Concat(gpt2.Encode("Once upon a time")), ids);
        Assert.True(gpt2.IsSpecial(50256));
        Assert.False(gpt2.IsSpecial(464)); // "The"
        Assert.Equal(["<|endoftext|>"], gpt2.SpecialTokens);
    }

    [Fact]
    public void AddedClusterTokensExtendTheVocabularyAndAreNeverSplit()
    {
        var tokenizer = TestData.LoadGpt2();
        var clusterIds = Enumerable.Range(0, 5).Select(k => tokenizer.AddSpecialToken($"<cluster_{k}>")).ToArray();
        var unk = tokenizer.AddSpecialToken("<unk>");

        Assert.Equal([50257, 50258, 50259, 50260, 50261], clusterIds);
        Assert.Equal(50262, unk);
        Assert.Equal(50263, tokenizer.VocabularySize);
        Assert.Equal(["<|endoftext|>", "<cluster_0>", "<cluster_1>", "<cluster_2>", "<cluster_3>", "<cluster_4>", "<unk>"], tokenizer.SpecialTokens);

        const string text = "<cluster_3> Once upon a time, <unk> had a dog.<cluster_0><cluster_4>\nThe end.<|endoftext|>";
        var ids = tokenizer.Encode(text);
        int[] expected = [50260, .. tokenizer.Encode(" Once upon a time, "), 50262, .. tokenizer.Encode(" had a dog."), 50257, 50261,
            .. tokenizer.Encode("\nThe end."), 50256];
        Assert.Equal(expected, ids);
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    [Fact]
    public void AddingAnExistingTokenReturnsItsIdAndKeepsTheSize()
    {
        var tokenizer = TestData.LoadGpt2();
        var first = tokenizer.AddSpecialToken("<cluster_0>");
        Assert.Equal(first, tokenizer.AddSpecialToken("<cluster_0>"));
        Assert.Equal(50256, tokenizer.AddSpecialToken("<|endoftext|>"));
        Assert.Equal(50258, tokenizer.VocabularySize);
        Assert.True(tokenizer.TryGetSpecialTokenId("<cluster_0>", out var id));
        Assert.Equal(first, id);
        Assert.False(tokenizer.TryGetSpecialTokenId("<cluster_1>", out _));
    }

    [Fact]
    public void AnOrdinaryTokenWithTheSameBytesBecomesSpecialUnderItsOwnId()
    {
        var tokenizer = TestData.LoadGpt2();
        var hello = tokenizer.Encode("Hello");
        Assert.Single(hello);
        Assert.Equal(hello[0], tokenizer.AddSpecialToken("Hello"));
        Assert.Equal(50257, tokenizer.VocabularySize);
        Assert.True(tokenizer.IsSpecial(hello[0]));
        Assert.Equal([hello[0], hello[0]], tokenizer.Encode("HelloHello"));
    }

    [Fact]
    public void LongestSpecialTokenWinsWhereTwoStartTogether()
    {
        var tokenizer = TestData.LoadGpt2();
        var shortId = tokenizer.AddSpecialToken("<a>");
        var longId = tokenizer.AddSpecialToken("<a>b");
        Assert.Equal([longId, shortId], tokenizer.Encode("<a>b<a>"));
    }

    [Fact]
    public void SpecialTokenTextDoesNotChangeTheEncodingOfOtherText()
    {
        var tokenizer = TestData.LoadGpt2();
        var story = TestData.CleanStories(skip: 0, count: 1)[0];
        var before = tokenizer.Encode(story);
        tokenizer.AddSpecialToken("<cluster_0>");
        Assert.Equal(before, tokenizer.Encode(story));
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var tokenizer = TestData.LoadGpt2();
        Assert.Throws<ArgumentException>(() => tokenizer.AddSpecialToken(""));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([15496, 50257]));
        Assert.Contains("50257 at position 1", error.Message);
        // "Ġworld" is vocab.json's spelling of " world" (995), so it cannot also name a special token there.
        var clash = Assert.Throws<ArgumentException>(() => tokenizer.AddSpecialToken("Ġworld"));
        Assert.Contains("token 995", clash.Message);
    }
}
