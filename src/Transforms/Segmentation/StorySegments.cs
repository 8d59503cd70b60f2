namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// The segment stage's contract. For a story <c>s</c> cut into chunks <c>c[0..n)</c> with separators
/// <c>sep[0..n]</c> (column <c>&lt;output&gt;_separators</c>):
/// <code>s == sep[0] + c[0] + sep[1] + c[1] + ... + c[n-1] + sep[n]</code>
/// byte for byte. Every chunk is an exact substring of the story, starts and ends on a non-whitespace character,
/// and holds <c>sentencesPerSegment</c> sentences (the last may hold fewer; more where a quotation would be cut, see
/// <see cref="Group"/>) with their own inner whitespace,
/// line breaks included. Every separator is whitespace only; inner ones may be empty (a word longer than the
/// character budget is cut inside), <c>sep[0]</c> and <c>sep[n]</c> hold leading and trailing whitespace.
/// A story of only whitespace has no chunks and one separator. Joining the chunks with single spaces gives the
/// story up to whitespace; joining them with the separators gives it exactly (<see cref="Rebuild"/>).
/// </summary>
public static class StorySegments
{
    /// <summary>The story, from its chunks and separators.</summary>
    public static string Rebuild(IReadOnlyList<string> chunks, IReadOnlyList<string> separators)
    {
        if (separators.Count != chunks.Count + 1)
            throw new ArgumentException($"A story of {chunks.Count} chunks needs {chunks.Count + 1} separators, not {separators.Count}.", nameof(separators));
        var builder = new System.Text.StringBuilder(separators[0]);
        for (int i = 0; i < chunks.Count; i++) builder.Append(chunks[i]).Append(separators[i + 1]);
        return builder.ToString();
    }

    /// <summary>
    /// Groups sentence spans into chunks of <paramref name="sentencesPerSegment"/> and cuts out chunks and separators. A
    /// chunk that would end inside an open quotation takes the following sentences until the quotation has closed, so a
    /// plan token never splits what a character says (<c>"Look, a hidden box! Let's open it!"</c> stays one chunk).
    /// </summary>
    public static (string[] Chunks, string[] Separators) Group(string text, IReadOnlyList<SentenceSpan> sentences, int sentencesPerSegment)
    {
        // Most stories hold few quotations; a story without any skips the check.
        var quotations = text.Contains('"') || text.Contains('“') ? Quotations.Of(text) : null;
        var chunks = new List<string>((sentences.Count + sentencesPerSegment - 1) / sentencesPerSegment);
        var separators = new List<string>(chunks.Capacity + 1);
        int previousEnd = 0;
        for (int first = 0; first < sentences.Count;)
        {
            int last = Math.Min(sentences.Count, first + sentencesPerSegment) - 1;
            while (quotations is not null && last + 1 < sentences.Count && Quotations.Inside(quotations, sentences[last].End)) last++;
            separators.Add(text[previousEnd..sentences[first].Start]);
            chunks.Add(text[sentences[first].Start..sentences[last].End]);
            previousEnd = sentences[last].End;
            first = last + 1;
        }
        separators.Add(text[previousEnd..]);
        return (chunks.ToArray(), separators.ToArray());
    }
}
