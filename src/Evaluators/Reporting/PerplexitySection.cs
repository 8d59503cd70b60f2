namespace Microsoft.ML.SemanticContext.Evaluators.Reporting;

/// <summary>One held-out perplexity figure of one model, per plain-text token (the same denominator for every model).</summary>
/// <param name="Figure">What was counted, e.g. "best plan counted (upper bound)".</param>
/// <param name="PlainTokens">The denominator: tokens of the plain held-out stories, each with its closing end-of-text.</param>
/// <param name="PlanTokens">Plan tokens in the scored sequences (counted, or for a diagnostic read and not counted).</param>
/// <param name="Diagnostic">Not a likelihood of the text (the oracle plan): shown labelled, never compared.</param>
public sealed record PerplexityFigure(string Model, string Figure, double Perplexity, double MeanNegativeLogLikelihood,
    long PlainTokens, long PlanTokens, int Texts, bool Diagnostic);

/// <summary>What the report's held-out perplexity section says about how its figures were computed (both formats).</summary>
public static class PerplexitySection
{
    public const string Title = "Held-out perplexity";

    public static IReadOnlyList<string> Explanation { get; } =
    [
        "Per plain-text token: exp(summed negative log-likelihood / N), where N counts the tokens of the plain held-out stories in the experiment's tokenizer (the vanilla model's tokenisation), each story with its closing end-of-text; every model is divided by the same N.",
        "A cluster-token model must also write its plan tokens at the chunk starts (the positions the annotator's segmenter finds), and pays for them:",
        "best plan counted: at each chunk, the plan token with the lowest loss of itself and its chunk's text, given the plans chosen before it; the loss of one (plan, text) path, so an upper bound on −log p(text). This is the figure compared with the baseline.",
        "own greedy plan counted: at each chunk, the plan token the model itself finds most likely there, as greedy decoding would write it (also an upper bound).",
        "oracle plan (diagnostic): the annotator's tokens, computed from the very chunk they precede, read as context and not counted. It leaks the answer and is not a likelihood of the text; never compare it.",
    ];
}
