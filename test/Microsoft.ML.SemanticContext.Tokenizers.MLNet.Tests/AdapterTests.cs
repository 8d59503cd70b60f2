using Microsoft.ML.Tokenizers;

namespace Microsoft.ML.SemanticContext.Tokenizers.MLNet.Tests;

/// <summary><see cref="ByteLevelBpeMLTokenizer"/> against the engine it wraps and against <see cref="TiktokenTokenizer"/>.</summary>
public class AdapterTests
{
    [Fact]
    public void RealStoriesGiveTheEnginesAndTheLibrarysIdsAndCounts()
    {
        var count = 0;
        foreach (var (source, text) in RealStories.All())
        {
            var ids = Gpt2.Adapter.EncodeToIds(text);
            Assert.True(Gpt2.Engine.Encode(text).SequenceEqual(ids), $"{source} story {count}: ids differ from the engine's");
            Assert.True(Gpt2.Library.EncodeToIds(text).SequenceEqual(ids), $"{source} story {count}: ids differ from the library's");
            Assert.Equal(ids.Count, Gpt2.Adapter.CountTokens(text));
            Assert.Equal(text, Gpt2.Adapter.Decode(ids));
            count++;
        }
        Assert.True(count > 10_000, $"only {count} stories under {RealStories.Folder}");
    }

    [Fact]
    public void TokensOfStoriesAndOddTextsAreTheLibrarysWithOffsetsIntoTheText()
    {
        foreach (var text in RealStories.All().Take(300).Select(s => s.Text).Concat(Gpt2.OddTexts))
        {
            var tokens = Gpt2.Adapter.EncodeToTokens(text, out var normalized);
            Assert.Null(normalized);
            Assert.Equal(Gpt2.Library.EncodeToTokens(text, out _), tokens);
            Assert.Equal(Gpt2.Adapter.EncodeToIds(text), tokens.Select(t => t.Id));
            foreach (var token in tokens) Assert.Equal(text[token.Offset], token.Value);
            // Consecutive tokens either continue where the last ended or share its character; together they cover the text.
            for (var i = 1; i < tokens.Count; i++)
                Assert.True(tokens[i].Offset.Start.Value == tokens[i - 1].Offset.End.Value
                    || tokens[i].Offset.Start.Value < tokens[i - 1].Offset.End.Value && tokens[i].Offset.End.Value >= tokens[i - 1].Offset.End.Value,
                    $"token {i} of \"{text}\" at {tokens[i].Offset} after {tokens[i - 1].Offset}");
            if (tokens.Count > 0) Assert.Equal(0..text.Length, tokens[0].Offset.Start..tokens[^1].Offset.End);
        }
    }

    [Fact]
    public void SpanOverloadsGiveTheSameAsStringOverloads()
    {
        foreach (var text in Gpt2.OddTexts)
        {
            Assert.Equal(Gpt2.Adapter.EncodeToIds(text), Gpt2.Adapter.EncodeToIds(text.AsSpan()));
            Assert.Equal(Gpt2.Adapter.EncodeToTokens(text, out _), Gpt2.Adapter.EncodeToTokens(text.AsSpan(), out _));
            Assert.Equal(Gpt2.Adapter.CountTokens(text), Gpt2.Adapter.CountTokens(text.AsSpan()));
        }
    }

    [Fact]
    public void TruncationAgreesWithTheLibraryAtEveryTokenCount()
    {
        var story = RealStories.All().First().Text[..300];
        foreach (var text in Gpt2.OddTexts.Append(story))
        {
            var total = Gpt2.Library.CountTokens(text);
            for (var max = 1; max <= total + 1; max++)
            {
                var ids = Gpt2.Adapter.EncodeToIds(text, max, out _, out var consumed);
                var expected = Gpt2.Library.EncodeToIds(text, max, out _, out var expectedConsumed);
                Assert.Equal(expected, ids);
                Assert.Equal(expectedConsumed, consumed);

                Assert.Equal(Gpt2.Library.GetIndexByTokenCount(text, max, out _, out var expectedCount), Gpt2.Adapter.GetIndexByTokenCount(text, max, out _, out var count));
                Assert.Equal(expectedCount, count);
                Assert.Equal(Gpt2.Library.GetIndexByTokenCountFromEnd(text, max, out _, out expectedCount), Gpt2.Adapter.GetIndexByTokenCountFromEnd(text, max, out _, out count));
                Assert.Equal(expectedCount, count);
            }
        }
    }

    [Fact]
    public void ClusterTokensAreSingleIdsThroughTheAdapter()
    {
        var engine = Gpt2Data.LoadTokenizer();
        var cluster3 = engine.AddSpecialToken("<cluster_3>");
        var tokenizer = engine.AsTokenizer();
        const string text = "<cluster_3> Once upon a time.<|endoftext|>";

        var ids = tokenizer.EncodeToIds(text);
        Assert.Equal([cluster3, .. engine.Encode(" Once upon a time."), engine.EndOfTextId], ids);
        var tokens = tokenizer.EncodeToTokens(text, out _);
        Assert.Equal(new EncodedToken(cluster3, "<cluster_3>", 0..11), tokens[0]);
        Assert.Equal(new EncodedToken(engine.EndOfTextId, "<|endoftext|>", (text.Length - 13)..text.Length), tokens[^1]);
        Assert.Equal(ids.Count, tokenizer.CountTokens(text));
        Assert.Equal(text, tokenizer.Decode(ids));
        Assert.Same(engine, tokenizer.Engine);
    }

    [Fact]
    public void SkippingPreTokenizationIsRefusedAndBadCountsAreRejected()
    {
        Assert.Throws<NotSupportedException>(() => Gpt2.Adapter.EncodeToIds("Hello world", considerPreTokenization: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gpt2.Adapter.EncodeToIds("Hello world", 0, out _, out _));
        Assert.Throws<ArgumentNullException>(() => new ByteLevelBpeMLTokenizer(null!));
    }
}
