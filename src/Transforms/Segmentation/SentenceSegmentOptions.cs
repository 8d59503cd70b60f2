using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>Defaults shared by both <c>SegmentSentences</c> overloads.</summary>
public static class SentenceSegmentDefaults
{
    public const int SentencesPerSegment = 2;

    /// <summary>A "sentence" longer than this many words is cut at whitespace (text without punctuation).</summary>
    public const int MaxSentenceWords = 40;

    /// <summary>And longer than this many characters (one enormous word).</summary>
    public const int MaxSentenceChars = 1000;

    /// <summary>The built-in boundary model is trained on at most this many stories (bounded memory on huge corpora).</summary>
    public const int MaxTrainingStories = 50_000;

    /// <summary>The separators column is named after the output column with this suffix.</summary>
    public const string SeparatorsSuffix = "_separators";
}

/// <summary>Options of the segment stage.</summary>
public sealed class SentenceSegmentOptions
{
    public string InputColumn { get; set; } = ColumnNames.Text;

    public string OutputColumn { get; set; } = ColumnNames.Segments;

    /// <summary>Sentences per chunk (≥ 1; the paper uses 1 or 2). The last chunk of a story may hold fewer.</summary>
    public int SentencesPerSegment { get; set; } = SentenceSegmentDefaults.SentencesPerSegment;

    public int MaxSentenceWords { get; set; } = SentenceSegmentDefaults.MaxSentenceWords;

    public int MaxSentenceChars { get; set; } = SentenceSegmentDefaults.MaxSentenceChars;

    public int MaxTrainingStories { get; set; } = SentenceSegmentDefaults.MaxTrainingStories;

    /// <summary>
    /// Also write <c>&lt;OutputColumn&gt;_separators</c>: the whitespace around the chunks, n + 1 strings for n chunks,
    /// so the story can be rebuilt byte for byte (<see cref="StorySegments"/>).
    /// </summary>
    public bool KeepSeparators { get; set; } = true;

    /// <summary>
    /// A ready sentence splitter (e.g. the SaT ONNX model), registered in <see cref="SentenceSplitters.Registry"/> so a
    /// saved pipeline can load it. When null, the built-in Punkt-style model is trained on the input stories at Fit time.
    /// </summary>
    public ISentenceSplitter? Splitter { get; set; }

    public string SeparatorsColumn => OutputColumn + SentenceSegmentDefaults.SeparatorsSuffix;

    internal SentenceSegmentOptions Validated()
    {
        if (SentencesPerSegment < 1)
            throw new InvalidOptionException(nameof(SentencesPerSegment), $"must be at least 1, not {SentencesPerSegment}.");
        if (MaxSentenceWords < 1)
            throw new InvalidOptionException(nameof(MaxSentenceWords), $"must be at least 1, not {MaxSentenceWords}.");
        if (MaxSentenceChars < 16)
            throw new InvalidOptionException(nameof(MaxSentenceChars), $"must be at least 16, not {MaxSentenceChars}.");
        if (MaxTrainingStories < 1)
            throw new InvalidOptionException(nameof(MaxTrainingStories), $"must be at least 1, not {MaxTrainingStories}.");
        if (string.IsNullOrEmpty(InputColumn) || string.IsNullOrEmpty(OutputColumn))
            throw new ArgumentException("SegmentSentences: input and output column names must not be empty.");
        if (InputColumn == OutputColumn || (KeepSeparators && InputColumn == SeparatorsColumn))
            throw new ArgumentException($"SegmentSentences: the output column '{OutputColumn}' would overwrite the input column '{InputColumn}'.");
        return this;
    }
}
