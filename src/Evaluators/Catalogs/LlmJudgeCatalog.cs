using Microsoft.ML.SemanticContext.Evaluators.Judge;

namespace Microsoft.ML.SemanticContext;

/// <summary><c>ml.TextGeneration.Evaluators.LlmJudge(...)</c>.</summary>
public static class LlmJudgeCatalog
{
    /// <summary>
    /// An LLM judge over any OpenAI-compatible endpoint, taken from <c>OPENAI_BASE_URL</c> and <c>OPENAI_API_KEY</c>
    /// (OpenAI itself when only the key is set). Throws naming the variable when no key is configured.
    /// </summary>
    /// <param name="model">Judge model, e.g. "gpt-4o-mini" (the paper's).</param>
    /// <param name="cachePath">JSONL cache of finished judgments (null: none); reruns then send no request twice.</param>
    public static LlmJudgeEvaluator LlmJudge(this TextGenerationEvaluators catalog,
        string model = LlmJudgeOptions.Defaults.Model, string? cachePath = null, int maxConcurrency = LlmJudgeOptions.Defaults.MaxConcurrency) =>
        new(catalog.Environment, new LlmJudgeOptions { Model = model, CachePath = cachePath, MaxConcurrency = maxConcurrency });

    /// <summary>The LLM judge with every option (endpoint, key, retries, backoff, timeout, cache).</summary>
    public static LlmJudgeEvaluator LlmJudge(this TextGenerationEvaluators catalog, LlmJudgeOptions options) =>
        new(catalog.Environment, options ?? throw new ArgumentNullException(nameof(options)));
}
