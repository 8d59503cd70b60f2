namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>Endpoint and key resolved from options first, then the environment.</summary>
internal sealed record JudgeEndpoint(Uri Endpoint, string ApiKey)
{
    public static JudgeEndpoint Resolve(LlmJudgeOptions options, Func<string, string?> environment)
    {
        var key = Blank(options.ApiKey) ?? Blank(environment(LlmJudgeOptions.Defaults.ApiKeyVariable));
        var endpointText = options.Endpoint?.ToString() ?? Blank(environment(LlmJudgeOptions.Defaults.EndpointVariable));
        if (key is null)
            throw new InvalidInputException(
                $"The LLM judge was requested but no API key is configured: set the environment variable {LlmJudgeOptions.Defaults.ApiKeyVariable} " +
                $"(and {LlmJudgeOptions.Defaults.EndpointVariable} for a server other than OpenAI, e.g. http://localhost:11434/v1; local servers accept any key) " +
                "or LlmJudgeOptions.ApiKey.");
        endpointText ??= LlmJudgeOptions.Defaults.OpenAIEndpoint;
        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            throw new InvalidInputException(
                $"The LLM judge endpoint '{endpointText}' (from LlmJudgeOptions.Endpoint or {LlmJudgeOptions.Defaults.EndpointVariable}) is not an absolute http(s) URL such as https://api.openai.com/v1.");
        return new JudgeEndpoint(endpoint, key);
    }

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Replaces the key wherever it appears, for any text that may leave the process.</summary>
    public string Redact(string text) => ApiKey.Length == 0 ? text : text.Replace(ApiKey, "[redacted]", StringComparison.Ordinal);

    // The key must not leak through a debugger display, a log of this record, or an exception that formats it.
    public override string ToString() => $"JudgeEndpoint {{ Endpoint = {Endpoint} }}";
}
