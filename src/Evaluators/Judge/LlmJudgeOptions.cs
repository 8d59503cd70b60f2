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

        /// <summary>A two-turn judgment's reply of at most 512 tokens takes seconds; 30 s lets a hanging server be found within a minute.</summary>
        public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

        /// <summary>One failed attempt per concurrent judgment: a dead server (every request failing or hanging) stops the batch at once.</summary>
        public const int MaxConsecutiveFailures = 8;

        /// <summary>Re-asks for grades after a reply they could not be read from (turn 1 is not asked again).</summary>
        public const int MaxGradeRetries = 2;

        /// <summary>A grade reply is four short lines and an assessment a paragraph; a larger HTTP body is refused unread.</summary>
        public const int MaxReplyBytes = 64 * 1024;

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
    /// Circuit breaker of a batch: after this many failed requests in a row, across samples (server errors, timeouts,
    /// lost connections, refusals; not a 429 that says when to come back), the batch stops and returns what it has.
    /// </summary>
    public int MaxConsecutiveFailures { get; set; } = Defaults.MaxConsecutiveFailures;

    /// <summary>Wall-clock limit of a batch; when spent, requests in flight are abandoned and the batch returns what it has. Null: none.</summary>
    public TimeSpan? TimeBudget { get; set; }

    /// <summary>Times a reply without readable grades is answered with a request for the grade lines again.</summary>
    public int MaxGradeRetries { get; set; } = Defaults.MaxGradeRetries;

    /// <summary>Largest HTTP reply body accepted; a larger one is refused (not retried) without being read into memory.</summary>
    public int MaxReplyBytes { get; set; } = Defaults.MaxReplyBytes;

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
        if (MaxConsecutiveFailures < 1) throw new ArgumentOutOfRangeException(nameof(MaxConsecutiveFailures), MaxConsecutiveFailures, "LlmJudgeOptions.MaxConsecutiveFailures must be at least 1.");
        if (TimeBudget is { } budget && budget <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(TimeBudget), budget, "LlmJudgeOptions.TimeBudget must be positive (or null for none).");
        if (MaxGradeRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxGradeRetries), MaxGradeRetries, "LlmJudgeOptions.MaxGradeRetries must be 0 or more.");
        if (MaxReplyBytes < 1024) throw new ArgumentOutOfRangeException(nameof(MaxReplyBytes), MaxReplyBytes, "LlmJudgeOptions.MaxReplyBytes must be at least 1024.");
    }
}
