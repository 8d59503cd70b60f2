namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// One sentence as a character range of its story: <c>text.Substring(Start, Length)</c>. Splitters return spans that
/// are in order, do not overlap, start and end on non-whitespace, and have only whitespace between them.
/// </summary>
public readonly record struct SentenceSpan(int Start, int Length)
{
    public int End => Start + Length;
}
