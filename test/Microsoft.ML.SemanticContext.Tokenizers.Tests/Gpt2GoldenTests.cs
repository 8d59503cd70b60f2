namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

/// <summary>
/// Our GPT-2 encoding against ids written by Microsoft.ML.Tokenizers' GPT-2 tokenizer
/// (build/fixtures/tokenizer/generator) for 1,600 real stories and a set of Unicode and whitespace corner cases.
/// </summary>
public class Gpt2GoldenTests
{
    public static TheoryData<string> GoldenFiles() => new(GoldenFileNames());

    static IEnumerable<string> GoldenFileNames() =>
        Directory.GetFiles(TestData.Fixtures, "*.ids").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void EncodeMatchesReferenceIdsAndDecodeRoundTrips(string goldenFile)
    {
        var golden = GoldenFile.Read(Path.Combine(TestData.Fixtures, goldenFile));
        var tokenizer = TestData.Gpt2;
        Assert.Equal(golden.ExpectedIds.Count, golden.Stories.Count);
        for (var i = 0; i < golden.Stories.Count; i++)
        {
            var story = golden.Stories[i];
            var actual = tokenizer.Encode(story);
            var expected = golden.ExpectedIds[i];
            if (!actual.SequenceEqual(expected))
            {
                var at = Enumerable.Range(0, Math.Min(actual.Length, expected.Length)).FirstOrDefault(k => actual[k] != expected[k], Math.Min(actual.Length, expected.Length));
                Assert.Fail($"{goldenFile} story {i}: ids differ from position {at}: expected [{string.Join(' ', expected.Skip(at).Take(8))}], " +
                    $"actual [{string.Join(' ', actual.Skip(at).Take(8))}] (text there: \"{tokenizer.Decode(expected.AsSpan(at, Math.Min(8, expected.Length - at)))}\").");
            }
            Assert.Equal(story, tokenizer.Decode(actual));
        }
    }

    [Fact]
    public void GoldenSetHoldsAtLeastAThousandRealStories()
    {
        var stories = GoldenFileNames().Where(f => f.StartsWith("tinystories", StringComparison.Ordinal))
            .Sum(f => GoldenFile.Read(Path.Combine(TestData.Fixtures, f)).Stories.Count);
        Assert.True(stories >= 1000, $"only {stories} stories");
    }

    [Fact]
    public void Gpt2VocabularyHasTheOriginalSizeAndEndOfTextId()
    {
        Assert.Equal(50257, TestData.Gpt2.VocabularySize);
        Assert.Equal(50256, TestData.Gpt2.EndOfTextId);
        Assert.Equal(50000, TestData.Gpt2.MergeCount);
        Assert.Equal([15496, 995], TestData.Gpt2.Encode("Hello world"));
    }

    [Fact]
    public void SpanOverloadAppendsToTheGivenList()
    {
        var ids = new List<int> { 7 };
        TestData.Gpt2.Encode("Hello world<|endoftext|>".AsSpan(), ids);
        Assert.Equal([7, 15496, 995, 50256], ids);
        Assert.Equal("Hello world", TestData.Gpt2.Decode(ids.ToArray().AsSpan(1, 2)));
        Assert.Equal(" world"u8.ToArray(), TestData.Gpt2.GetTokenBytes(995).ToArray());
    }

    /// <summary>A .ids file: "# source=... format=jsonl|eot count=n", then one line of ids per story.</summary>
    sealed record GoldenFile(IReadOnlyList<string> Stories, IReadOnlyList<int[]> ExpectedIds)
    {
        public static GoldenFile Read(string path)
        {
            var lines = File.ReadAllLines(path);
            var header = lines[0].TrimStart('#', ' ').Split(' ').Select(field => field.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
            var count = int.Parse(header["count"]);
            var source = header["source"].StartsWith("fixtures:", StringComparison.Ordinal)
                ? Path.Combine(TestData.Fixtures, header["source"]["fixtures:".Length..])
                : Path.Combine(TestData.SharedData, header["source"]);
            var stories = header["format"] switch
            {
                "jsonl" => RealStories.JsonlTexts(source),
                "eot" => RealStories.EndOfTextSeparatedTexts(source),
                var other => throw new InvalidDataException($"{path}: unknown format '{other}'"),
            };
            var ids = lines.Skip(1).Select(line => line.Length == 0 ? [] : line.Split(' ').Select(int.Parse).ToArray()).ToList();
            return new GoldenFile(stories.Take(count).ToList(), ids);
        }
    }
}
