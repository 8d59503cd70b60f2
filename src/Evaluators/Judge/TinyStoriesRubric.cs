namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// The two-turn grading protocol of the TinyStories paper (Eldan &amp; Li, 2023, §3): the judge sees the
/// story beginning and the student's completion separated by <c>***</c>, first writes a general assessment
/// (turn 1), then grades the completion (turn 2). Asking for the assessment first makes the grades follow
/// from a written judgement instead of a snap number.
/// </summary>
public static class TinyStoriesRubric
{
    /// <summary>
    /// Identifies the exact prompt wording below; it is part of the cache key, so changing any text here
    /// must change this string (old cached grades then no longer apply).
    /// </summary>
    public const string Version = "tinystories-v1";

    /// <summary>Marks where the given beginning ends and the student's completion starts.</summary>
    public const string CutMarker = "***";

    /// <summary>Turn 1: the exercise and the request for a general assessment.</summary>
    public static string AssessmentRequest(string prompt, string completion) =>
        "In the following exercise, the student is given a beginning of a story. The student needs to complete it " +
        "into a full story. The exercise tests the student's language abilities and creativity. The symbol " +
        $"{CutMarker} marks the separator between the prescribed beginning and the student's completion:\n\n" +
        $"{prompt.TrimEnd()} {CutMarker} {completion.TrimStart()}\n\n" +
        $"Please provide your general assessment about the part written by the student (the one after the {CutMarker} " +
        "symbol). Is it grammatically correct? Is it consistent with the beginning of the story? Pay special " +
        $"attention to whether the student manages to complete the sentence which is split in the middle by the separator {CutMarker}.";

    /// <summary>Turn 2: the request for grades, in a fixed line format that <see cref="GradeParser"/> reads first.</summary>
    public const string GradeRequest =
        "Now, grade the student's completion in terms of grammar, creativity, consistency with the story's beginning " +
        "and whether the plot makes sense. Use whole numbers from 1 to 10 and answer with exactly these four lines:\n" +
        "Grammar: N/10\nCreativity: N/10\nConsistency: N/10\nPlot: N/10";

    /// <summary>Sent after a turn-2 reply without readable grades (never to a judge that answered in the format, so the version stays).</summary>
    public const string FormatReminder = "Your reply could not be read as grades. " + GradeRequest;
}
