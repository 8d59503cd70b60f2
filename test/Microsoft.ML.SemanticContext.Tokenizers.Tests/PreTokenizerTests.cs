using System.Text;

namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

/// <summary>Where GPT-2's pre-tokeniser cuts, against Microsoft.ML.Tokenizers' own GPT-2 pre-tokeniser.</summary>
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
    [InlineData("𝐀𝐁 😀", new[] { "𝐀𝐁", " 😀" })]
    [InlineData("x𝐀't", new[] { "x", "𝐀'", "t" })]                         // a surrogate is a symbol, even in a letter's pair
    [InlineData("a \ufeffb", new[] { "a", " \ufeff", "b" })]                // U+FEFF is a symbol
    [InlineData("a \u0085b", new[] { "a", " ", "\u0085", "b" })]            // U+0085 is whitespace
    [InlineData("a\u00a0\u00a0b", new[] { "a", "\u00a0", "\u00a0", "b" })] // only U+0020 joins the next word
    [InlineData("a\ud800 b", new[] { "a", "\ud800", " b" })]                // a lone surrogate is a symbol
    public void SplitsLikeTheGpt2Expression(string text, string[] expected)
    {
        Assert.Equal(expected, OurPieces(text));
        Assert.Equal(expected, LibraryPieces(text));
    }

    [Fact]
    public void EveryCodeUnitSplitsLikeTheLibraryInEveryContext()
    {
        for (var c = 0; c <= char.MaxValue; c++) AssertSameSplit(Contexts(((char)c).ToString()));
    }

    [Fact]
    public void CharactersOutsideTheBmpSplitLikeTheLibrary()
    {
        for (var codePoint = 0x10000; codePoint <= 0x10FFFF; codePoint += 37)
            AssertSameSplit(Contexts(char.ConvertFromUtf32(codePoint)));
    }

    [Fact]
    public void VeryLongPiecesEncodeLikeTheLibraryAndRoundTrip()
    {
        // The library's merge loop is quadratic in a piece's length, so it checks 5,000; ours also runs 50,000.
        foreach (var length in new[] { 5_000, 50_000 })
        {
            var text = new string(' ', length) + "x" + new string('=', length);
            var ids = TestData.Gpt2.Encode(text);
            Assert.Equal(text, TestData.Gpt2.Decode(ids));
            if (length == 5_000) Assert.Equal(TestData.LibraryGpt2.EncodeToIds(text), ids);
        }
    }

    /// <summary>The character after a letter, a space, itself, before a number, inside whitespace runs and before a contraction.</summary>
    static string Contexts(string c) => $"a{c}b {c}{c}1 {c}  {c}'s{c}\n{c}";

    static void AssertSameSplit(string text)
    {
        var ours = OurPieces(text);
        var library = LibraryPieces(text);
        if (!ours.SequenceEqual(library))
            Assert.Fail($"\"{Escape(text)}\": ours [{string.Join(", ", ours.Select(Escape))}], library [{string.Join(", ", library.Select(Escape))}].");
    }

    static List<string> OurPieces(string text)
    {
        var pieces = new List<string>();
        for (var start = 0; start < text.Length;)
        {
            var end = Gpt2PreTokenizer.NextPieceEnd(text, start);
            pieces.Add(text[start..end]);
            start = end;
        }
        return pieces;
    }

    static List<string> LibraryPieces(string text) =>
        TestData.LibraryGpt2.PreTokenizer!.PreTokenize(text).Select(p => text.Substring(p.Offset, p.Length)).ToList();

    static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text) escaped.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
        return escaped.ToString();
    }
}
