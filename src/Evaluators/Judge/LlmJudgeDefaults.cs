namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>Default values shared by the LLM-judge catalog overloads and <see cref="LlmJudgeOptions"/>.</summary>
public static class LlmJudgeDefaults
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
