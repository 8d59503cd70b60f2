namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// A judge request failed for good (a non-retryable status such as 401, or retries exhausted). The message names
/// the sample, endpoint, model and status; it never contains the API key and carries no inner exception, whose
/// text is outside this library's control.
/// </summary>
public sealed class LlmJudgeException(string message, int? status) : InvalidInputException(message)
{
    /// <summary>HTTP status of the last attempt; null for a timeout or a connection failure.</summary>
    public int? Status { get; } = status;
}
