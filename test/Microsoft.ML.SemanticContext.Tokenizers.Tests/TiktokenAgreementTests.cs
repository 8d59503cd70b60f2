namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

/// <summary>
/// Our GPT-2 ids against Microsoft.ML.Tokenizers' <c>TiktokenTokenizer</c> ("gpt2"), run live in the same process:
/// every real story in ../shared/data and the corners where GPT-2 implementations part ways.
/// </summary>
public class TiktokenAgreementTests
{
    [Fact]
    public void EveryRealStoryEncodesToTheLibrarysIds()
    {
        var count = 0;
        foreach (var (source, text) in RealStories.All())
        {
            AssertSameIds(text, $"{source} story {count}");
            count++;
        }
        Assert.True(count > 10_000, $"only {count} stories under {TestData.SharedData}");
    }

    [Theory]
    [InlineData("\uFEFFOnce upon a time")]                          // a BOM left at the start of a file
    [InlineData("a \uFEFFb \uFEFF\uFEFF c\uFEFF")]                 // U+FEFF is a symbol, not whitespace
    [InlineData("a \u0085b \u0085\u0085 c\u0085")]                 // U+0085 is whitespace
    [InlineData("line one\r\nline two\r\n\r\n  \r\n")]
    [InlineData("non\u00A0breaking \u00A0\u00A0space\u00A0 \u2009thin \u3000ideographic \u202F")]
    [InlineData("It's John's; they're, we've, I'm, you'll, he'd; IT'S, 'S 'Ll don\u2019t '''s")]
    [InlineData("1 12 123 1234 12345 3.14159 1,000,000 ½¾ x² ١٢٣ १२३ Ⅻ")]
    [InlineData("Zoë café naïve Ελληνικά Кириллица 中文字符 日本語のテキスト 한국어 العربية हिन्दी")]
    [InlineData("e\u0301 \u0301 a\u0308\u0308")]
    [InlineData("𝐀𝐁 x𝐀y 𝐀't 𝐀's 𝟏2 a𝟏 😀😀 👍🏽 👨\u200D👩\u200D👧 🇺🇸")]
    [InlineData("a\uD800b")]                                         // lone high surrogate
    [InlineData("a \uDC00b \uDC00\uD800 x\uD835")]                  // lone low, reversed pair, high at the end
    [InlineData("\uD800\uD800 \uD83D\uD83D\uDE00")]
    [InlineData("control \u0000 \u0001 \u001F \u007F \u001C\u001D end")]
    [InlineData("The end.<|endoftext|>Once upon a time  <|endoftext|>  ")]
    [InlineData("   !!! spaced punctuation   ???\t\t\tand tabs   \t  ")]
    public void OddCasesEncodeToTheLibrarysIds(string text) => AssertSameIds(text, "this case");

    static void AssertSameIds(string text, string where)
    {
        var expected = TestData.LibraryGpt2.EncodeToIds(text);
        var actual = TestData.Gpt2.Encode(text);
        if (actual.SequenceEqual(expected)) return;
        var at = Enumerable.Range(0, Math.Min(actual.Length, expected.Count)).FirstOrDefault(k => actual[k] != expected[k], Math.Min(actual.Length, expected.Count));
        Assert.Fail($"{where}: ids differ from position {at}: library [{string.Join(' ', expected.Skip(at).Take(8))}], ours [{string.Join(' ', actual.Skip(at).Take(8))}] " +
            $"in \"{text[..Math.Min(text.Length, 200)]}\".");
    }
}
