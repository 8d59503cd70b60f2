using Microsoft.ML.Runtime;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// <c>ml.TextGeneration</c>: the task catalog for causal language models, beside ML.NET's <c>ml.Regression</c> or
/// <c>ml.Clustering</c>. Its <see cref="Trainers"/> train and fine-tune models (<c>ml.TextGeneration.Trainers.CausalLm(...)</c>);
/// its <see cref="Evaluators"/> grade what they write (<c>ml.TextGeneration.Evaluators.LlmJudge(...)</c>).
/// </summary>
public sealed class TextGenerationCatalog
{
    internal TextGenerationCatalog(IHostEnvironment environment)
    {
        Environment = environment;
        Trainers = new TextGenerationTrainers(environment);
        Evaluators = new TextGenerationEvaluators(environment);
    }

    /// <summary>The environment of the context this catalog belongs to.</summary>
    public IHostEnvironment Environment { get; }

    public TextGenerationTrainers Trainers { get; }

    public TextGenerationEvaluators Evaluators { get; }
}

/// <summary><c>ml.TextGeneration.Trainers</c>: extended by the trainer assembly.</summary>
public sealed class TextGenerationTrainers
{
    internal TextGenerationTrainers(IHostEnvironment environment) => Environment = environment;

    public IHostEnvironment Environment { get; }
}

/// <summary><c>ml.TextGeneration.Evaluators</c>: extended by the evaluator assembly.</summary>
public sealed class TextGenerationEvaluators
{
    internal TextGenerationEvaluators(IHostEnvironment environment) => Environment = environment;

    public IHostEnvironment Environment { get; }
}

/// <summary>The C# 14 extension property that reaches <see cref="TextGenerationCatalog"/> from an <see cref="MLContext"/>.</summary>
public static class TextGenerationMLContext
{
    extension(MLContext context)
    {
        /// <summary>Causal language models: <c>ml.TextGeneration.Trainers.CausalLm(...)</c>, <c>ml.TextGeneration.Evaluators.LlmJudge(...)</c>.</summary>
        public TextGenerationCatalog TextGeneration => new(CatalogEnvironment.Of(context));
    }
}
