using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Segmentation;

/// <summary>The <see cref="StorySegments"/> contract: chunks are exact substrings, separators are whitespace, rebuilding is exact.</summary>
public class SegmentContractTests
{
    static void AssertContract(string story, string[] chunks, string[] separators)
    {
        Assert.Equal(story, StorySegments.Rebuild(chunks, separators));
        Assert.All(chunks, c =>
        {
            Assert.NotEmpty(c);
            Assert.False(char.IsWhiteSpace(c[0]) || char.IsWhiteSpace(c[^1]), $"chunk '{c}' has outer whitespace");
        });
        Assert.All(separators, s => Assert.True(s.All(char.IsWhiteSpace), $"separator '{s}' is not whitespace"));
    }

    // Words, punctuation and whitespace that exercise every rule, in random order.
    static readonly string[] Parts =
    [
        "Tom", "said", "the", "mouse", "Mr.", "St.", "Dr.", "ok", "\"Yes!\"", "\"Can", "you?\"", "...", "…", "?!", "!",
        "?", ".", "end.", "(big)", "it.)", "’", "“Hi”", "5.", "J.", "K.", " ", " ", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\u00A0", "é", "😀",
    ];

    [Property(MaxTest = 300)]
    public Property Any_story_is_rebuilt_exactly_from_its_chunks_and_separators() =>
        Prop.ForAll(Gen.Elements(Parts).ListOf().Select(p => string.Concat(p)).ToArbitrary(), story =>
        {
            foreach (var segmenter in new[] { TrainedSegmenter.Sentences, TrainedSegmenter.Pairs })
            {
                var (chunks, separators) = segmenter.Segment(story);
                AssertContract(story, chunks, separators);
            }
        });

    [Theory]
    [InlineData("tinystories/tinystories_gpt4_clean_first5000.jsonl")]
    [InlineData("tinystories/TinyStories-train_prefix_2MiB.txt")]
    [InlineData("tinystories/TinyStoriesV2-GPT4-train_first10000lines.txt")]
    [InlineData("tinystories/TinyStories-valid_prefix_1840.txt")]
    public void Every_real_story_is_rebuilt_exactly(string file)
    {
        foreach (var story in Corpus.CorpusReader.Read(Path.Combine(SharedData.Data, file)).Select(s => s.Text))
        {
            var (chunks, separators) = TrainedSegmenter.Pairs.Segment(story);
            AssertContract(story, chunks, separators);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \n\t ")]
    public void An_empty_story_has_no_chunks_and_keeps_its_whitespace(string story)
    {
        var (chunks, separators) = TrainedSegmenter.Pairs.Segment(story);
        Assert.Empty(chunks);
        Assert.Equal([story], separators);
    }

    [Fact]
    public void Text_without_punctuation_is_cut_into_bounded_sentences()
    {
        var words = Enumerable.Range(0, 500).Select(i => i % 7 == 0 ? "Tom" : "word" + i);
        var story = string.Join(' ', words);
        var sentences = TrainedSegmenter.SplitSentences(story);
        Assert.Equal(13, sentences.Length); // ceil(500 / 40) near-equal parts
        Assert.All(sentences, s => Assert.InRange(s.Split(' ').Length, 38, SentenceSegmentDefaults.MaxSentenceWords));
        var (chunks, separators) = TrainedSegmenter.Pairs.Segment(story);
        Assert.Equal(7, chunks.Length);
        AssertContract(story, chunks, separators);
    }

    [Fact]
    public void A_long_sentence_is_cut_at_a_comma_near_the_bound()
    {
        // 60 words: two parts of about 30; the comma after w25 lies in the last quarter of the first part.
        var story = string.Join(' ', Enumerable.Range(0, 26).Select(i => "w" + i)) + ", " + string.Join(' ', Enumerable.Range(26, 34).Select(i => "w" + i)) + ".";
        var sentences = TrainedSegmenter.SplitSentences(story);
        Assert.Equal(2, sentences.Length);
        Assert.EndsWith("w25,", sentences[0]);
        Assert.StartsWith("w26", sentences[1]);
    }

    [Fact]
    public void A_one_megabyte_story_gives_bounded_chunks()
    {
        var random = new Random(3);
        var builder = new System.Text.StringBuilder();
        while (builder.Length < 1 << 20)
            builder.Append(random.Next(20) == 0 ? ". " : random.Next(50) == 0 ? "\n" : "word ");
        var story = builder.ToString();
        var (chunks, separators) = TrainedSegmenter.Pairs.Segment(story);
        AssertContract(story, chunks, separators);
        Assert.All(chunks, c => Assert.True(c.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length <= 2 * SentenceSegmentDefaults.MaxSentenceWords));

        var oneWord = new string('a', 1 << 20);
        var (wordChunks, wordSeparators) = TrainedSegmenter.Sentences.Segment(oneWord);
        AssertContract(oneWord, wordChunks, wordSeparators);
        Assert.Equal((1 << 20) / SentenceSegmentDefaults.MaxSentenceChars + 1, wordChunks.Length);
        Assert.All(wordChunks, c => Assert.True(c.Length <= SentenceSegmentDefaults.MaxSentenceChars));
    }

    [Fact]
    public void Surrogate_pairs_are_never_split_when_a_giant_word_is_cut()
    {
        var story = string.Concat(Enumerable.Repeat("😀", 1500));
        var (chunks, separators) = TrainedSegmenter.Sentences.Segment(story);
        AssertContract(story, chunks, separators);
        Assert.All(chunks, c => Assert.False(char.IsHighSurrogate(c[^1]) || char.IsLowSurrogate(c[0])));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Any_number_of_sentences_per_chunk_groups_consecutive_sentences(int n)
    {
        // A story without quotations: chunks that would cut one take more sentences (QuotationChunkTests).
        var story = SharedData.CleanStories.First(s => !s.Contains('"') && TrainedSegmenter.SplitSentences(s).Length > 8);
        var sentences = TrainedSegmenter.SplitSentences(story);
        var ml = new MLContext(seed: 1);
        var segmenter = ml.Transforms.SemanticContext.SegmentSentences(n).Fit(ml.Data.LoadFromTexts(SharedData.CleanStories.Take(200)));
        var chunks = segmenter.Segment(story).Chunks;
        Assert.Equal((sentences.Length + n - 1) / n, chunks.Length);
        Assert.Equal(sentences[0], chunks[0][..sentences[0].Length]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Fewer_than_one_sentence_per_chunk_is_a_clear_error(int n)
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<InvalidOptionException>(() => ml.Transforms.SemanticContext.SegmentSentences(n));
        Assert.Equal("SentencesPerSegment must be at least 1, not " + n + ".", error.Message);
    }
}
