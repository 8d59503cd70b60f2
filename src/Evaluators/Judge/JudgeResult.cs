namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// The judge's verdict on one sample, with both raw replies kept so a grade can always be audited.
/// </summary>
/// <param name="Grades">Null exactly when <see cref="Outcome"/> is <see cref="JudgeOutcome.Unparseable"/>.</param>
/// <param name="Assessment">Turn-1 reply: the judge's general assessment.</param>
/// <param name="GradeReply">Turn-2 reply: the text the grades were parsed from.</param>
/// <param name="FromCache">True when no request was sent because the cache already held this judgment.</param>
public sealed record JudgeResult(
    StorySample Sample,
    JudgeOutcome Outcome,
    JudgeGrades? Grades,
    string Assessment,
    string GradeReply,
    string JudgeModel,
    string RubricVersion,
    bool FromCache);
