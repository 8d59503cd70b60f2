namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// Settings of <see cref="LlmJudgeEvaluator"/>. Endpoint and key fall back to the environment
/// (<c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c>) so they never need to be written into a config file.
/// </summary>
public sealed class LlmJudgeOptions
{
    /// <summary>Default values shared by the catalog overloads and these options.</summary>
    public static class Defaults
    {
        /// <summary>The paper's judge.</summary>
        public const string Model = "gpt-4o-mini";

        /// <summary>Used when neither <see cref="LlmJudgeOptions.Endpoint"/> nor <see cref="EndpointVariable"/> is set.</summary>
        public const string OpenAIEndpoint = "https://api.openai.com/v1";

        public const string EndpointVariable = "OPENAI_BASE_URL";
        public const string ApiKeyVariable = "OPENAI_API_KEY";

        public const int MaxConcurrency = 8;
        public const int MaxRetries = 6;
        public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);
        public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);
        public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

        /// <summary>Grades are requested at temperature 0 so a repeated judgment of the same text agrees with itself.</summary>
        public const float Temperature = 0f;

        /// <summary>Enough for a paragraph of assessment; the grade reply is four short lines.</summary>
        public const int MaxOutputTokens = 512;
    }

    /// <summary>Base URL of any OpenAI-compatible API, e.g. https://api.openai.com/v1 or http://localhost:11434/v1 (Ollama).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>API key. Never written to logs, caches, reports or exception messages.</summary>
    public string? ApiKey { get; set; }

    public string Model { get; set; } = Defaults.Model;

    /// <summary>Most judgments in flight at once (each judgment is two sequential requests).</summary>
    public int MaxConcurrency { get; set; } = Defaults.MaxConcurrency;

    /// <summary>Retries per request after 429, 5xx, timeouts and connection failures.</summary>
    public int MaxRetries { get; set; } = Defaults.MaxRetries;

    /// <summary>First backoff; doubles each retry (with jitter) up to <see cref="MaxBackoff"/>. A server's Retry-After wins when longer.</summary>
    public TimeSpan InitialBackoff { get; set; } = Defaults.InitialBackoff;

    public TimeSpan MaxBackoff { get; set; } = Defaults.MaxBackoff;

    /// <summary>Time allowed for one request before it is abandoned and retried.</summary>
    public TimeSpan RequestTimeout { get; set; } = Defaults.RequestTimeout;

    /// <summary>
    /// Append-only JSONL file of finished judgments keyed by (prompt, completion, judge model, rubric version);
    /// null keeps no cache. Every judgment is appended as soon as it finishes, so an interrupted run loses nothing.
    /// </summary>
    public string? CachePath { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Model)) throw new ArgumentException("LlmJudgeOptions.Model must name the judge model, e.g. 'gpt-4o-mini'.");
        if (MaxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "LlmJudgeOptions.MaxConcurrency must be at least 1.");
        if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "LlmJudgeOptions.MaxRetries must be 0 or more.");
        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < InitialBackoff)
            throw new ArgumentOutOfRangeException(nameof(InitialBackoff), "LlmJudgeOptions needs 0 <= InitialBackoff <= MaxBackoff.");
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "LlmJudgeOptions.RequestTimeout must be positive.");
    }
}
