using Microsoft.ML.SemanticContext.Evaluators.Statistics;

namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>
/// Computes the offline proxy metrics for several models at once: distinct-1/2/3, 4-gram repetition, prompt
/// similarity, names carried over, and the held-out perplexity the caller supplies. They run with or without an
/// LLM judge and need no network.
/// </summary>
public sealed class OfflineMetricsEvaluator(OfflineMetricsOptions? options = null)
{
    readonly OfflineMetricsOptions options = options ?? new OfflineMetricsOptions();

    /// <param name="samplesByModel">Each model's samples (prompt and completion, plan tokens stripped).</param>
    /// <param name="perplexityByModel">
    /// Held-out perplexity per model where known, per plain-text token with plan tokens paid for, so models with and
    /// without plan tokens are divided by the same count (the first figure of <c>CausalLanguageModel.Perplexity(heldOut)</c>).
    /// </param>
    /// <returns>One result per model, in the order of <paramref name="samplesByModel"/>.</returns>
    public IReadOnlyList<OfflineMetricsResult> Evaluate(
        IReadOnlyDictionary<string, IReadOnlyList<StorySample>> samplesByModel,
        IReadOnlyDictionary<string, double>? perplexityByModel = null)
    {
        ArgumentNullException.ThrowIfNull(samplesByModel);
        // Both proxies learn from every text evaluated together, so all models are measured with the same weights and names.
        var texts = samplesByModel.Values.SelectMany(s => s).SelectMany(s => new[] { s.Prompt, s.Completion }).Distinct().ToList();
        var embedder = options.Embedder ?? new TfidfTextEmbedder(texts);
        var names = new CharacterNames(texts, options.KnownNames);
        return samplesByModel.Select(kv => EvaluateModel(kv.Key, kv.Value, perplexityByModel?.GetValueOrDefault(kv.Key, double.NaN), embedder, names))
            .ToList();
    }

    static OfflineMetricsResult EvaluateModel(string model, IReadOnlyList<StorySample> samples, double? perplexity, ITextEmbedder embedder, CharacterNames names)
    {
        if (perplexity is { } p && !double.IsNaN(p) && (p < 1 || !double.IsFinite(p)))
            throw new ArgumentException($"Held-out perplexity of model '{model}' must be a finite number >= 1; got {p}.");
        var perSample = samples.Select(s => new OfflineSampleMetrics(
            s.Id,
            RepetitionRate.Compute(s.Completion),
            CosineSimilarity.Compute(embedder.Embed(s.Prompt), embedder.Embed(s.Completion)),
            names.CarriedFraction(s.Prompt, s.Completion))).ToList();
        var completions = samples.Select(s => s.Completion).ToList();
        return new OfflineMetricsResult(
            model,
            perplexity is { } q && !double.IsNaN(q) ? q : null,
            DistinctNGrams.Compute(completions, 1),
            DistinctNGrams.Compute(completions, 2),
            DistinctNGrams.Compute(completions, 3),
            ScoreSummary.Of(Present(perSample.Select(m => m.Repetition))),
            ScoreSummary.Of(Present(perSample.Select(m => m.PromptSimilarity))),
            ScoreSummary.Of(Present(perSample.Select(m => m.NamesCarried))),
            embedder.Name,
            perSample);
    }

    static IEnumerable<double> Present(IEnumerable<double?> values) => values.Where(v => v is not null).Select(v => v!.Value);
}
