namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>Name, direction and meaning of one offline metric, as the report prints it.</summary>
/// <param name="HigherIsBetter">Null when neither direction is simply better.</param>
public sealed record OfflineMetricInfo(string Key, string Label, bool? HigherIsBetter, string Description)
{
    /// <summary>Every offline metric is a stand-in for human or judge ratings, and the report says so next to each.</summary>
    public const string ProxyNote = "automatic proxy, not a quality rating";

    public static OfflineMetricInfo Perplexity { get; } = new("perplexity", "Held-out perplexity", false,
        "exp(summed negative log-likelihood / plain-text tokens of the held-out stories); a cluster-token model pays for its plan tokens (best plan per chunk, counted: an upper bound)");
    public static OfflineMetricInfo Distinct1 { get; } = new("distinct_1", "distinct-1", true, "unique words / all words over the model's completions");
    public static OfflineMetricInfo Distinct2 { get; } = new("distinct_2", "distinct-2", true, "unique word bigrams / all bigrams over the model's completions");
    public static OfflineMetricInfo Distinct3 { get; } = new("distinct_3", "distinct-3", true, "unique word trigrams / all trigrams over the model's completions");
    public static OfflineMetricInfo Repetition { get; } = new("repetition_4", "4-gram repetition", false, "share of a completion's word 4-grams that already occurred in it (mean ± SE over completions)");
    public static OfflineMetricInfo PromptSimilarity { get; } = new("prompt_similarity", "Prompt similarity", true, "cosine similarity of prompt and completion embeddings (mean ± SE)");
    public static OfflineMetricInfo NamesCarried { get; } = new("names_carried", "Names carried over", true, "share of the prompt's character names that the completion mentions (mean ± SE over prompts that name someone)");

    public static IReadOnlyList<OfflineMetricInfo> All { get; } = [Perplexity, Distinct1, Distinct2, Distinct3, Repetition, PromptSimilarity, NamesCarried];
}
