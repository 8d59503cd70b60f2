namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>All judgments of one batch, in the order the samples were given, with the counts a report needs.</summary>
public sealed record JudgeBatchResult(IReadOnlyList<JudgeResult> Results, string JudgeModel, string RubricVersion, int RequestsSent)
{
    public int Graded => Results.Count(r => r.Outcome == JudgeOutcome.Graded);

    /// <summary>Replies without readable grades: kept in <see cref="Results"/> with their raw text, excluded from scores.</summary>
    public int Unparseable => Results.Count(r => r.Outcome == JudgeOutcome.Unparseable);

    public int FromCache => Results.Count(r => r.FromCache);
}
