namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>Grades for one completion. <see cref="Plot"/> is null when the judge did not give one.</summary>
public sealed record JudgeGrades(double Grammar, double Creativity, double Consistency, double? Plot = null)
{
    /// <summary>Mean of the required criteria (grammar, creativity, consistency), the paper's overall score.</summary>
    public double Overall => (Grammar + Creativity + Consistency) / 3.0;

    /// <summary>The grade for a criterion name from <see cref="JudgeCriteria"/>; null for a missing optional one.</summary>
    public double? this[string criterion] => criterion switch
    {
        JudgeCriteria.Grammar => Grammar,
        JudgeCriteria.Creativity => Creativity,
        JudgeCriteria.Consistency => Consistency,
        JudgeCriteria.Plot => Plot,
        "overall" => Overall,
        _ => throw new ArgumentException($"Unknown criterion '{criterion}'.", nameof(criterion)),
    };
}
