namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

/// <summary>Where GPT-2's pre-tokeniser cuts, on the cases that make its expression subtle.</summary>
public class PreTokenizerTests
{
    [Theory]
    [InlineData("Hello world", new[] { "Hello", " world" })]
    [InlineData("Hello   world", new[] { "Hello", "  ", " world" })]          // "\s+(?!\S)" leaves one space to the word
    [InlineData("a\n b", new[] { "a", "\n", " b" })]
    [InlineData("a \nb", new[] { "a", " ", "\n", "b" })]                    // one whitespace before a letter stands alone
    [InlineData("end  ", new[] { "end", "  " })]
    [InlineData("don't", new[] { "don", "'t" })]
    [InlineData("DON'T", new[] { "DON", "'", "T" })]                        // contractions are case-sensitive
    [InlineData("'''s", new[] { "'''", "s" })]                              // a symbol run swallows the apostrophe
    [InlineData(" 123abc", new[] { " 123", "abc" })]
    [InlineData("x²½", new[] { "x", "²½" })]                                // No is a number
    [InlineData("e\u0301!", new[] { "e", "\u0301!" })]                      // a combining mark is not a letter
    [InlineData("𝐀𝐁 😀", new[] { "𝐀𝐁", " 😀" })]                           // letters and symbols outside the BMP
    [InlineData("a\ufeffb", new[] { "a", "\ufeff", "b" })]                  // U+FEFF is whitespace, as in JavaScript
    [InlineData("a\u0085b", new[] { "a", "\u0085", "b" })]                  // U+0085 is a symbol, as in JavaScript
    public void SplitsLikeTheGpt2Expression(string text, string[] expected)
    {
        var pieces = new List<string>();
        for (var start = 0; start < text.Length;)
        {
            var end = Gpt2PreTokenizer.NextPieceEnd(text, start);
            pieces.Add(text[start..end]);
            start = end;
        }
        Assert.Equal(expected, pieces);
    }

    [Fact]
    public void AVeryLongPieceEncodesAndRoundTrips()
    {
        var text = new string(' ', 50_000) + "x" + new string('=', 50_000);
        var ids = TestData.Gpt2.Encode(text);
        Assert.Equal(text, TestData.Gpt2.Decode(ids));
        // GPT-2 has no multi-space tokens: 49,999 spaces stand alone, then " x", then 781 × 64 '=' and one 16 '='.
        Assert.Equal(49_999 + 1 + 782, ids.Length);
        Assert.All(ids[..49_999], id => Assert.Equal(220, id));
        Assert.Equal(781, ids.Count(id => id == 23926));
    }
}
