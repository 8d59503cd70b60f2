namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// The judgments of one batch, in the order the samples were given, with the counts a report needs. A batch that
/// stopped early (the judge was down, its time budget was spent, or it refused some samples) holds what was judged and
/// names the rest in <see cref="Unjudged"/>, with the reason in <see cref="StopReason"/>.
/// </summary>
public sealed record JudgeBatchResult(IReadOnlyList<JudgeResult> Results, string JudgeModel, string RubricVersion, int RequestsSent)
{
    public int Graded => Results.Count(r => r.Outcome == JudgeOutcome.Graded);

    /// <summary>Replies without readable grades: kept in <see cref="Results"/> with their raw text, excluded from scores.</summary>
    public int Unparseable => Results.Count(r => r.Outcome == JudgeOutcome.Unparseable);

    public int FromCache => Results.Count(r => r.FromCache);

    /// <summary>Samples left without a judgment; empty when the batch is complete.</summary>
    public IReadOnlyList<StorySample> Unjudged { get; init; } = [];

    /// <summary>Why samples are unjudged (the breaker's or the budget's reason, or the first refusal); null when complete.</summary>
    public string? StopReason { get; init; }

    public bool IsComplete => Unjudged.Count == 0;
}
