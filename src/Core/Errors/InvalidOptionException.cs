namespace Microsoft.ML.SemanticContext;

/// <summary>
/// An option holds a value that cannot work. <see cref="Option"/> is the property's name (e.g. "BatchSize") and
/// <see cref="Problem"/> what is wrong with its value, so a front end can name the option its own way ("--batch").
/// </summary>
public sealed class InvalidOptionException(string option, string problem) : InvalidInputException($"{option} {problem}")
{
    public string Option { get; } = option;

    /// <summary>The rest of the message after the option's name, e.g. "must be at least 1, not 0."</summary>
    public string Problem { get; } = problem;
}
