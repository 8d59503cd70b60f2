namespace Microsoft.ML.SemanticContext.Evaluators;

/// <summary>
/// One generated story to evaluate: the beginning shown to the model and the model's completion (with plan tokens
/// already stripped unless the caller chose to keep them). The judge and the offline metrics both take these.
/// </summary>
/// <param name="Id">Caller's identifier, echoed in every result (e.g. "vanilla/p03/s7").</param>
/// <param name="PromptId">
/// Which prompt this continues (e.g. "p03"), the same for every model, so comparisons pair models by prompt; when null,
/// the prompt text pairs them.
/// </param>
public sealed record StorySample(string Id, string Prompt, string Completion, string? PromptId = null)
{
    /// <summary>What pairs this sample with other models' samples of the same prompt: <see cref="PromptId"/>, else the prompt text.</summary>
    public string PromptKey => PromptId ?? Prompt;
}
