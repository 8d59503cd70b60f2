namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>
/// Held-out perplexity of one trained language model, supplied by the trainer side so this assembly does not
/// depend on the model code. Implementations must exclude cluster (plan) tokens from the average, so that
/// models with and without plan tokens are scored on the same story tokens.
/// </summary>
public interface IPerplexityScorer
{
    /// <returns>exp(mean negative log-likelihood per story token) over <paramref name="heldOutStories"/>.</returns>
    double HeldOutPerplexity(IReadOnlyList<string> heldOutStories);
}
