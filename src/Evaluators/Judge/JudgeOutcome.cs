namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>How a judgment ended.</summary>
public enum JudgeOutcome
{
    /// <summary>The judge replied and every required grade was found.</summary>
    Graded,

    /// <summary>The judge replied but the grades could not be read; the raw reply is kept and the sample is excluded.</summary>
    Unparseable,
}
