using System.Runtime.CompilerServices;

// Tests replace the environment and the retry clock through internal constructors.
[assembly: InternalsVisibleTo("Microsoft.ML.SemanticContext.Evaluators.Tests")]
