namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// The segment stage's contract. For a story <c>s</c> cut into chunks <c>c[0..n)</c> with separators
/// <c>sep[0..n]</c> (column <c>&lt;output&gt;_separators</c>):
/// <code>s == sep[0] + c[0] + sep[1] + c[1] + ... + c[n-1] + sep[n]</code>
/// byte for byte. Every chunk is an exact substring of the story, starts and ends on a non-whitespace character,
/// and holds <c>sentencesPerSegment</c> sentences (the last may hold fewer) with their own inner whitespace,
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

    /// <summary>Groups sentence spans into chunks of <paramref name="sentencesPerSegment"/> and cuts out chunks and separators.</summary>
    public static (string[] Chunks, string[] Separators) Group(string text, IReadOnlyList<SentenceSpan> sentences, int sentencesPerSegment)
    {
        int count = (sentences.Count + sentencesPerSegment - 1) / sentencesPerSegment;
        var chunks = new string[count];
        var separators = new string[count + 1];
        int previousEnd = 0;
        for (int c = 0; c < count; c++)
        {
            var first = sentences[c * sentencesPerSegment];
            var last = sentences[Math.Min(sentences.Count, (c + 1) * sentencesPerSegment) - 1];
            separators[c] = text[previousEnd..first.Start];
            chunks[c] = text[first.Start..last.End];
            previousEnd = last.End;
        }
        separators[count] = text[previousEnd..];
        return (chunks, separators);
    }
}
