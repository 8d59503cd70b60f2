namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

/// <summary>Tiktoken rank files: both line forms load the same tokenizer, and broken files name the file and line.</summary>
public sealed class TiktokenFileTests : IDisposable
{
    readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    string FilePath => Path.Combine(_folder, "ranks.tiktoken");

    [Fact]
    public void ExplicitRanksInAnyOrderLoadTheSameTokenizerAsThePackedFile()
    {
        // The package's packed form: an optional "Capacity: N" line, then one base64 token per line in rank order.
        var packed = ReadPackedLines();
        Assert.StartsWith("Capacity: ", packed[0]);
        var tokens = packed.Skip(1).ToList();
        File.WriteAllLines(FilePath, tokens.Select((token, rank) => $"{token} {rank}").Reverse());

        var loaded = ByteLevelBpeTokenizer.FromTiktoken(FilePath);
        var gpt2 = TestData.Gpt2;
        Assert.Equal(gpt2.VocabularySize, loaded.VocabularySize);
        Assert.Equal(gpt2.MergeCount, loaded.MergeCount);
        Assert.Equal(tokens.Count, loaded.EndOfTextId);
        foreach (var story in TestData.CleanStories(skip: 2000, count: 100))
            Assert.Equal(gpt2.Encode(story), loaded.Encode(story));
        for (var id = 0; id < tokens.Count; id++)
            Assert.Equal(Convert.FromBase64String(tokens[id]), loaded.GetTokenBytes(id).ToArray());
    }

    [Fact]
    public void EveryMultiByteTokenIsTheMergeOfTwoTokensOfLowerRank()
    {
        using var saved = new TemporaryFolder();
        TestData.Gpt2.Save(saved);
        var vocab = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(saved, "vocab.json"))).RootElement
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        var merges = File.ReadAllLines(Path.Combine(saved, "merges.txt")).Skip(1).Select(line => line.Split(' ')).ToList();

        // GPT-2 numbers its tokens in the order they were learned: the merge of rank i makes token 256 + i.
        Assert.Equal(50_000, merges.Count);
        for (var i = 0; i < merges.Count; i++)
        {
            var (left, right) = (vocab[merges[i][0]], vocab[merges[i][1]]);
            Assert.Equal(256 + i, vocab[merges[i][0] + merges[i][1]]);
            Assert.True(left < 256 + i && right < 256 + i, $"merge {i} uses a later token");
        }
    }

    [Fact]
    public void TextThatIsNotBase64NamesFileAndLine()
    {
        File.WriteAllLines(FilePath, [.. ByteLines(), "not*base64 256"]);
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromTiktoken(FilePath));
        Assert.Equal(FilePath, error.FilePath);
        Assert.Equal(257, error.Line);
        Assert.Contains("\"not*base64\" is not base64", error.Message);
    }

    [Fact]
    public void ARankGivenTwiceNamesTheLine()
    {
        File.WriteAllLines(FilePath, [.. ByteLines(), $"{Base64("ab")} 5"]);
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromTiktoken(FilePath));
        Assert.Equal(257, error.Line);
        Assert.Contains("rank 5 is given twice", error.Message);
    }

    [Fact]
    public void AGapInTheRanksIsRejected()
    {
        File.WriteAllLines(FilePath, [.. ByteLines(), $"{Base64("ab")} 300"]);
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromTiktoken(FilePath));
        Assert.Contains("rank 256 is missing", error.Message);
    }

    [Fact]
    public void AMissingByteIsRejected()
    {
        File.WriteAllLines(FilePath, ByteLines().Skip(1).Select((line, rank) => $"{line.Split(' ')[0]} {rank}"));
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromTiktoken(FilePath));
        Assert.Contains("byte 0x00 has no rank", error.Message);
    }

    [Fact]
    public void ATokenThatNoTwoLowerRanksMakeIsRejected()
    {
        File.WriteAllLines(FilePath, [.. ByteLines(), $"{Base64("abc")} 256"]);
        var error = Assert.Throws<TokenizerFormatException>(() => ByteLevelBpeTokenizer.FromTiktoken(FilePath));
        Assert.Contains("rank 256 (\"abc\") is not the merge of two tokens of lower rank", error.Message);
    }

    static IEnumerable<string> ByteLines() => Enumerable.Range(0, 256).Select(b => $"{Convert.ToBase64String([(byte)b])} {b}");

    static string Base64(string ascii) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(ascii));

    static List<string> ReadPackedLines()
    {
        using var reader = new StreamReader(Gpt2Data.OpenRanks());
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }
}
