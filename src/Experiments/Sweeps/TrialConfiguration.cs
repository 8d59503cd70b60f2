using Microsoft.ML.SemanticContext.Experiments.Annotation;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>
/// One point of a sweep's search space: a model size (a <see cref="Trainers.CausalLmPresets"/> name) and either an
/// annotation (chunk size, k, placement) or none, which makes it the vanilla baseline of that size.
/// </summary>
public sealed record TrialConfiguration(string Size, AnnotationConfig? Annotation)
{
    public bool IsBaseline => Annotation is null;

    /// <summary>Stable, file-name safe: <c>33M/vanilla</c> or <c>33M/s2-k5-prepend</c>.</summary>
    public string Name => $"{Size}/{(Annotation is null ? "vanilla" : Annotation.Name)}";

    /// <summary>The baseline this configuration is tested against: the vanilla model of the same size.</summary>
    public TrialConfiguration Baseline => this with { Annotation = null };
}
