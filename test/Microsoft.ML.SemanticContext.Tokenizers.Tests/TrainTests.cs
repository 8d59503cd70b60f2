using System.Text;

namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

public class TrainTests
{
    [Fact]
    public void MergesTheMostFrequentPairFirstAndBreaksTiesByTheSmallerIds()
    {
        // Words: "ab" ×1, " ab" ×2, " cd" ×2. (a,b) occurs 3 times; then " c", " ab" and "cd" tie at 2 and go in
        // id order: (' '=32, 'c'=99) < (' '=32, "ab"=256) < (" c"=257, 'd'=100).
        var tokenizer = ByteLevelBpeTokenizer.Train(["ab ab ab cd cd"], vocabularySize: 300);

        Assert.Equal(["a b", "Ġ c", "Ġ ab", "Ġc d"], SavedMerges(tokenizer));
        Assert.Equal(256 + 4 + 1, tokenizer.VocabularySize); // the corpus ran out of pairs before 300
        Assert.Equal(260, tokenizer.EndOfTextId);
        Assert.Equal([256, 258, 258, 259, 259], tokenizer.Encode("ab ab ab cd cd"));
    }

    [Fact]
    public void SameCorpusGivesIdenticalFiles()
    {
        var stories = TestData.CleanStories(skip: 0, count: 400);
        using var first = new TemporaryFolder();
        using var second = new TemporaryFolder();
        ByteLevelBpeTokenizer.Train(stories, 700, ["<unk>"]).Save(first);
        ByteLevelBpeTokenizer.Train(stories.Select(s => new string(s.AsSpan())), 700, ["<unk>"]).Save(second);

        foreach (var file in new[] { "vocab.json", "merges.txt", "special_tokens.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, file)), File.ReadAllBytes(Path.Combine(second, file)));
        Assert.Equal(700 - 256 - 2, SavedMerges(ByteLevelBpeTokenizer.Load(first)).Count);
    }

    [Fact]
    public void TrainedVocabularyCompressesHeldOutStories()
    {
        var tokenizer = ByteLevelBpeTokenizer.Train(TestData.CleanStories(skip: 0, count: 1500), 2048, ["<unk>", "<cluster_0>"]);
        Assert.Equal(2048, tokenizer.VocabularySize);
        Assert.Equal(2045, tokenizer.EndOfTextId);

        long bytes = 0, tokens = 0;
        foreach (var story in TestData.CleanStories(skip: 4800, count: 200))
        {
            var ids = tokenizer.Encode(story);
            Assert.Equal(story, tokenizer.Decode(ids));
            bytes += Encoding.UTF8.GetByteCount(story);
            tokens += ids.Length;
        }
        // A 2k-token BPE on simple English reaches about 3.9 bytes per token; bytes alone would be 1.
        Assert.InRange((double)bytes / tokens, 3.5, 6.0);
    }

    [Fact]
    public void SpecialTokensInTheCorpusAreNotLearnedAsWords()
    {
        var corpus = Enumerable.Repeat("<cluster_0> hello there<|endoftext|>", 50).ToList();
        var tokenizer = ByteLevelBpeTokenizer.Train(corpus, 400, ["<cluster_0>"]);

        Assert.Equal(7, tokenizer.Encode("cluster").Length); // never seen as text, so only bytes
        Assert.Single(tokenizer.Encode(" hello"));
        Assert.True(tokenizer.TryGetSpecialTokenId("<cluster_0>", out var cluster));
        Assert.Equal([cluster, .. tokenizer.Encode(" hello there"), tokenizer.EndOfTextId], tokenizer.Encode(corpus[0]));
    }

    [Fact]
    public void ReportsProgressUpToOne()
    {
        var reports = new List<double>();
        ByteLevelBpeTokenizer.Train(TestData.CleanStories(skip: 0, count: 50), 400, progress: new SynchronousProgress(reports.Add));
        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public void RejectsAVocabularyTooSmallForBytesAndSpecials()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ByteLevelBpeTokenizer.Train(["abc"], 257, ["<unk>"]));
        Assert.Contains("258", error.Message);
    }

    static List<string> SavedMerges(ByteLevelBpeTokenizer tokenizer)
    {
        using var folder = new TemporaryFolder();
        tokenizer.Save(folder);
        return File.ReadAllLines(Path.Combine(folder, "merges.txt")).Skip(1).ToList();
    }

    sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
