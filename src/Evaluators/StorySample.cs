namespace Microsoft.ML.SemanticContext.Evaluators;

/// <summary>
/// One generated story to evaluate: the beginning shown to the model and the model's completion (with plan tokens
/// already stripped unless the caller chose to keep them). The judge and the offline metrics both take these.
/// </summary>
/// <param name="Id">Caller's identifier, echoed in every result (e.g. "vanilla/p03/s7").</param>
public sealed record StorySample(string Id, string Prompt, string Completion);
