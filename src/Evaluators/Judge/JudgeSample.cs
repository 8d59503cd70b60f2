namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// One thing to grade: the story beginning shown to the model and the model's completion
/// (with plan tokens already stripped unless the caller chose to keep them).
/// </summary>
/// <param name="Id">Caller's identifier, echoed in the result (e.g. "vanilla/p03/s7").</param>
public sealed record JudgeSample(string Id, string Prompt, string Completion);
