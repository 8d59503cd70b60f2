namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>The criteria the TinyStories grading protocol scores, each on a 1–10 scale.</summary>
public static class JudgeCriteria
{
    public const string Grammar = "grammar";
    public const string Creativity = "creativity";
    public const string Consistency = "consistency";
    public const string Plot = "plot";

    /// <summary>Criteria every parsed reply must contain; the overall score is their mean.</summary>
    public static IReadOnlyList<string> Required { get; } = [Grammar, Creativity, Consistency];

    /// <summary>Criteria that are kept when the judge gives them but never required.</summary>
    public static IReadOnlyList<string> Optional { get; } = [Plot];

    public const double MinGrade = 1;
    public const double MaxGrade = 10;
}
