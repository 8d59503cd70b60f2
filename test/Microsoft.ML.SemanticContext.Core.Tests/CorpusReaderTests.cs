using System.Text;
using Microsoft.ML.SemanticContext.Corpus;

namespace Microsoft.ML.SemanticContext.Core.Tests;

public class CorpusReaderTests
{
    static string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(TestPaths.TempDir(), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    static string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    [Fact]
    public void EndOfTextSeparatedKeepsParagraphsAndSkipsEmptyStories()
    {
        var path = Write("c.txt", "\uFEFF First story.\nSecond paragraph.\n<|endoftext|>\n<|endoftext|>\n\nSecond story.\r\n<|endoftext|>\n");
        var stories = CorpusReader.Read(path).ToList();
        Assert.Equal(CorpusFormat.EndOfTextSeparated, CorpusFormats.Detect(path));
        Assert.Equal(["First story.\nSecond paragraph.", "Second story."], stories.Select(s => s.Text));
        Assert.Equal([0L, 1L], stories.Select(s => s.Index));
        Assert.Equal(6, stories[1].Line);
    }

    [Fact]
    public void JsonLinesReadsStoryOrTextAndKeepsOtherFields()
    {
        var path = Write("c.jsonl", "{\"story\": \"A cat.\", \"id\": 7}\n\n{\"text\": \"A dog.\"}\n");
        var stories = CorpusReader.Read(path).ToList();
        Assert.Equal(["A cat.", "A dog."], stories.Select(s => s.Text));
        Assert.Equal("story", stories[0].TextField);

        var output = Path.Combine(Path.GetDirectoryName(path)!, "out.jsonl");
        CorpusWriter.Write(output, CorpusFormat.JsonLines, stories.Select(s => s with { Text = "<cluster_0> " + s.Text }));
        Assert.Equal("{\"story\":\"<cluster_0> A cat.\",\"id\":7}\n{\"text\":\"<cluster_0> A dog.\"}\n", File.ReadAllText(output));
    }

    [Fact]
    public void JsonArrayOfObjectsAndStrings()
    {
        var path = Write("c.json", "[{\"text\": \"One.\"}, \"Two.\"]");
        Assert.Equal(["One.", "Two."], CorpusReader.Read(path).Select(s => s.Text));
    }

    [Fact]
    public void ASeparatorAfterTheFirstMegabyteStillMarksASeparatedCorpus()
    {
        // A 1.7 MB first story, and one whose separator straddles the detector's 1 MiB block boundary.
        foreach (var first in new[] { string.Join(' ', Enumerable.Repeat("The dog ran and ran.", 80_000)), new string('a', (1 << 20) - 6) })
        {
            var path = Write($"long{first.Length}.txt", first + "\n<|endoftext|>\nA short one.\n");
            Assert.Equal(CorpusFormat.EndOfTextSeparated, CorpusFormats.Detect(path));
            Assert.Equal([first, "A short one."], CorpusReader.Read(path).Select(s => s.Text));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AUtf16FileIsNamedAsUtf16(bool byteOrderMark)
    {
        var path = Path.Combine(TestPaths.TempDir(), "unicode.txt");
        File.WriteAllBytes(path, [.. byteOrderMark ? new byte[] { 0xFF, 0xFE } : [], .. System.Text.Encoding.Unicode.GetBytes("One story.\nAnother.\n")]);
        var e = Assert.Throws<CorpusFormatException>(() => CorpusReader.Read(path).ToList());
        Assert.Equal($"{path}: the file is UTF-16 text; only UTF-8 is supported. Convert it first (e.g. iconv -f UTF-16 -t UTF-8).", e.Message);
    }

    [Fact]
    public void OneStoryPerLine()
    {
        var path = Write("lines.txt", "One story.\n\nAnother story.\n");
        Assert.Equal(CorpusFormat.OneStoryPerLine, CorpusFormats.Detect(path));
        Assert.Equal(["One story.", "Another story."], CorpusReader.Read(path).Select(s => s.Text));
    }

    [Fact]
    public void InvalidUtf8NamesFileLineAndColumn()
    {
        var bytes = Encoding.UTF8.GetBytes("Good line.\nBad ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(" here.\n")).ToArray();
        var path = Write("bad.txt", bytes);
        var e = Assert.Throws<CorpusFormatException>(() => CorpusReader.Read(path).ToList());
        Assert.Contains("bad.txt:2:5", e.Message);
        Assert.Contains("invalid UTF-8", e.Message);
    }

    [Fact]
    public void NulByteNamesFileAndLine()
    {
        var path = Write("nul.txt", "ok\nab\0c\n");
        var e = Assert.Throws<CorpusFormatException>(() => CorpusReader.Read(path).ToList());
        Assert.Contains("nul.txt:2:3", e.Message);
        Assert.Contains("NUL", e.Message);
    }

    [Fact]
    public void JsonLineWithoutTextFieldIsNamed()
    {
        var path = Write("c.jsonl", "{\"story\": \"ok\"}\n{\"title\": \"no text\"}\n");
        var e = Assert.Throws<CorpusFormatException>(() => CorpusReader.Read(path).ToList());
        Assert.Contains("c.jsonl:2", e.Message);
        Assert.Contains("title", e.Message);
    }

    [Fact]
    public void OnlySeparatorsGiveNoStories()
    {
        var path = Write("seps.txt", "<|endoftext|>\n<|endoftext|>\n");
        Assert.Empty(CorpusReader.Read(path));
    }

    [Fact]
    public void RealValidationPrefixStartsWithBomAndSpaceAndHas1840Stories()
    {
        var path = Path.Combine(TestPaths.SharedData, "tinystories", "TinyStories-valid_prefix_1840.txt");
        var stories = CorpusReader.Read(path).ToList();
        Assert.Equal(1841, stories.Count); // 1,840 separated stories and the final unterminated piece
        Assert.StartsWith("Spot. Spot saw the shiny car", stories[0].Text);
    }

    [Fact]
    public void WriterRoundTripsEveryFormat()
    {
        var stories = new[] { new CorpusStory(0, "A.\nB.", 1), new CorpusStory(1, "C \"quoted\".", 2) };
        foreach (var format in Enum.GetValues<CorpusFormat>())
        {
            var ext = format switch { CorpusFormat.JsonLines => ".jsonl", CorpusFormat.JsonArray => ".json", _ => ".txt" };
            var path = Path.Combine(TestPaths.TempDir(), "rt" + ext);
            CorpusWriter.Write(path, format, stories);
            var expected = format == CorpusFormat.OneStoryPerLine ? ["A. B.", "C \"quoted\"."] : stories.Select(s => s.Text).ToArray();
            Assert.Equal(expected, CorpusReader.Read(path, format).Select(s => s.Text));
        }
    }
}
