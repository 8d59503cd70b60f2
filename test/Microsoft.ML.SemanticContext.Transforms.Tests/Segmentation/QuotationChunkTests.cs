using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Segmentation;

/// <summary>Chunk boundaries stay out of quotations: a plan token never splits what a character says.</summary>
public class QuotationChunkTests
{
    const string Story = "Tom and Sue went to the park. They saw a big tree. \"Look, a hidden box! Let's open it!\" Sue said. Inside was a toy.";

    [Fact]
    public void A_quotation_of_two_sentences_stays_in_one_chunk()
    {
        // The splitter finds two sentences inside the quotation; the chunks keep them together.
        Assert.Contains("\"Look, a hidden box!", TrainedSegmenter.SplitSentences(Story));
        foreach (var segmenter in new[] { TrainedSegmenter.Sentences, TrainedSegmenter.Pairs })
        {
            var (chunks, separators) = segmenter.Segment(Story);
            Assert.Contains(chunks, c => c.Contains("\"Look, a hidden box! Let's open it!\""));
            Assert.Equal(Story, StorySegments.Rebuild(chunks, separators));
        }
        Assert.Equal(["Tom and Sue went to the park.", "They saw a big tree.", "\"Look, a hidden box! Let's open it!\" Sue said.", "Inside was a toy."],
            TrainedSegmenter.Sentences.Segment(Story).Chunks);
    }

    [Fact]
    public void Curly_quotations_count_too_and_a_quote_that_never_closes_in_its_line_opens_nothing()
    {
        // Spans are (start, length).
        var (curly, _) = StorySegments.Group("“Go. Now!” Ok. Go.", [new(0, 4), new(5, 5), new(11, 3), new(15, 3)], 1);
        Assert.Equal(["“Go. Now!”", "Ok.", "Go."], curly);
        var (open, _) = StorySegments.Group("\"A. B. C.", [new(0, 3), new(4, 2), new(7, 2)], 1);
        Assert.Equal(["\"A.", "B.", "C."], open);
        var (lines, _) = StorySegments.Group("\"A.\nB. \"C.\"", [new(0, 3), new(4, 2), new(7, 4)], 1);
        Assert.Equal(["\"A.", "B.", "\"C.\""], lines);
    }

    [Theory]
    [InlineData("tinystories/tinystories_gpt4_clean_first5000.jsonl")]
    [InlineData("tinystories/TinyStoriesV2-GPT4-train_first10000lines.txt")]
    public void No_boundary_of_a_real_story_falls_inside_a_quotation(string file)
    {
        int stories = 0, boundaries = 0;
        foreach (var story in Corpus.CorpusReader.Read(Path.Combine(SharedData.Data, file)).Select(s => s.Text).Take(2000))
        {
            foreach (var segmenter in new[] { TrainedSegmenter.Sentences, TrainedSegmenter.Pairs })
            {
                var (chunks, separators) = segmenter.Segment(story);
                int at = separators[0].Length;
                for (int c = 0; c < chunks.Length - 1; c++)
                {
                    at += chunks[c].Length;
                    Assert.False(InsideQuotation(story, at), $"boundary inside a quotation: …{story[Math.Max(0, at - 40)..at]} | {story[at..Math.Min(story.Length, at + 40)]}…");
                    at += separators[c + 1].Length;
                    boundaries++;
                }
            }
            stories++;
        }
        Assert.True(boundaries > stories, $"{boundaries} boundaries in {stories} stories");
    }

    /// <summary>Reference: an odd number of straight quotes (or more “ than ”) before the cut in its line, and a closing one after it.</summary>
    static bool InsideQuotation(string story, int at)
    {
        int lineStart = story.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        int lineEnd = story.IndexOf('\n', at) is var e and >= 0 ? e : story.Length;
        string before = story[lineStart..at], after = story[at..lineEnd];
        bool straight = before.Count(ch => ch == '"') % 2 == 1 && after.Contains('"');
        bool curly = before.Count(ch => ch == '“') > before.Count(ch => ch == '”') && after.Contains('”');
        return straight || curly;
    }
}
