using System.Text.Json;
using Microsoft.ML.SemanticContext.Text;

namespace Microsoft.ML.SemanticContext.Core.Tests.Text;

/// <summary>
/// The word definition against Python's own <c>\w+</c> (build/fixtures/text/make_fixtures.py) on the tokenizer's
/// Unicode corner cases: accents precomposed and combining, scripts without spaces, superscripts and fractions,
/// letters outside the Basic Multilingual Plane, emoji, controls and zero-width characters.
/// </summary>
public class WordScannerTests
{
    static readonly string Fixture = Path.Combine(TestPaths.Root, "build", "fixtures", "text", "words.jsonl");

    sealed record Reference(string Text, int[][] Words);

    static List<Reference> References() => File.ReadLines(Fixture)
        .Select(line => JsonSerializer.Deserialize<Reference>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();

    static List<WordSpan> Scan(string text)
    {
        var words = new List<WordSpan>();
        foreach (var word in WordScanner.Words(text)) words.Add(word);
        return words;
    }

    [Fact]
    public void FindsTheSpansOfPythonsWordPattern()
    {
        var references = References();
        Assert.True(references.Count >= 2000, $"only {references.Count} reference texts");
        foreach (var reference in references)
        {
            var expected = reference.Words.Select(w => (w[0], w[1]));
            Assert.True(expected.SequenceEqual(Scan(reference.Text).Select(w => (w.Start, w.End))),
                $"words of \"{reference.Text}\": expected [{string.Join(" ", expected)}], got [{string.Join(" ", Scan(reference.Text).Select(w => (w.Start, w.End)))}]");
        }
    }

    [Theory]
    [InlineData("Tom's dog", "Tom|s|dog")]
    [InlineData("snake_case x² 42x", "snake_case|x²|42x")]
    [InlineData("\"Hi,\" said Mr. Bear…", "Hi|said|Mr|Bear")]
    [InlineData("😀 - ... ", "")]
    public void SeparatesAtEverythingButLettersNumbersAndUnderscores(string text, string expected) =>
        Assert.Equal(expected, string.Join("|", Scan(text).Select(w => text[w.Start..w.End])));

    [Fact]
    public void CountsCharactersNotCodeUnits()
    {
        var math = Assert.Single(Scan("𝐀"));
        Assert.Equal((0, 2, 1), (math.Start, math.Length, math.Characters));
        Assert.Equal([(3, 2), (2, 2)], Scan("𝐀b ab").Select(w => (w.Length, w.Characters)));
    }

    [Fact]
    public void ALoneSurrogateSeparatesWords() =>
        Assert.Equal([(0, 2), (3, 5)], Scan("ab\uD835cd").Select(w => (w.Start, w.End)));

    [Fact]
    public void LowerCasesIntoTheBufferOrANewArrayWhenItIsTooSmall()
    {
        Span<char> buffer = stackalloc char[4];
        var shortWord = WordScanner.ToLower("ÉCOLE"[..4], buffer);
        Assert.Equal("écol", shortWord.ToString());
        Assert.True(shortWord.Overlaps(buffer));
        var longWord = WordScanner.ToLower("ÉCOLE", buffer);
        Assert.Equal("école", longWord.ToString());
        Assert.False(longWord.Overlaps(buffer));
    }
}
