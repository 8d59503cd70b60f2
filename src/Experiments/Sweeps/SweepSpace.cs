using Microsoft.ML.SemanticContext.Experiments.Annotation;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>One dimension of a search space: the values a grid enumerates and how a random tuner draws one.</summary>
public abstract record SweepParameter<T>(string Name)
{
    /// <summary>The values a grid tries, in order.</summary>
    public abstract IReadOnlyList<T> GridValues { get; }

    /// <summary>Every value a random tuner can draw (for counting distinct configurations).</summary>
    public abstract int Cardinality { get; }

    public abstract T Sample(Random random);
}

/// <summary>A choice among listed values (AutoML's <c>ChoiceOption</c>): the grid and the random tuner both use the list.</summary>
public sealed record ChoiceParameter<T>(string Name, IReadOnlyList<T> Values) : SweepParameter<T>(Name)
{
    public override IReadOnlyList<T> GridValues => Values;
    public override int Cardinality => Values.Count;
    public override T Sample(Random random) => Values[random.Next(Values.Count)];
}

/// <summary>
/// An integer range [<paramref name="Min"/>, <paramref name="Max"/>] (AutoML's <c>UniformIntOption</c>): the random tuner
/// draws uniformly from it, the grid tries <paramref name="Grid"/> (the paper's k ∈ {5, 7, 15, 32} within 3..32).
/// </summary>
public sealed record RangeParameter(string Name, int Min, int Max, IReadOnlyList<int> Grid) : SweepParameter<int>(Name)
{
    public override IReadOnlyList<int> GridValues => Grid;
    public override int Cardinality => Max - Min + 1;
    public override int Sample(Random random) => random.Next(Min, Max + 1);
}

/// <summary>
/// A sweep's search space in C#, as ML.NET AutoML users declare one: model size × token placement × sentences per chunk
/// × k. Every point is a cluster-token <see cref="TrialConfiguration"/>; the vanilla baseline of each size is added by
/// the sweep, never searched.
/// </summary>
public sealed record SweepSpace(
    SweepParameter<string> Sizes,
    SweepParameter<Placement> Placements,
    SweepParameter<int> SentencesPerChunk,
    SweepParameter<int> K)
{
    /// <summary>Every grid point, size-major (then sentences, k, placement), so the two placements of one annotation sit together.</summary>
    public IEnumerable<TrialConfiguration> Grid() =>
        from size in Sizes.GridValues
        from sentences in SentencesPerChunk.GridValues
        from k in K.GridValues
        from placement in Placements.GridValues
        select new TrialConfiguration(size, new AnnotationConfig(sentences, k, placement));

    public int GridCount => Sizes.GridValues.Count * SentencesPerChunk.GridValues.Count * K.GridValues.Count * Placements.GridValues.Count;

    /// <summary>Distinct configurations a random tuner can draw.</summary>
    public long RandomCount => (long)Sizes.Cardinality * SentencesPerChunk.Cardinality * K.Cardinality * Placements.Cardinality;

    /// <summary>One configuration drawn from every parameter's own distribution.</summary>
    public TrialConfiguration Sample(Random random)
    {
        // Drawn in a fixed order so a seed gives the same sequence on every machine.
        var size = Sizes.Sample(random);
        int sentences = SentencesPerChunk.Sample(random), k = K.Sample(random);
        var placement = Placements.Sample(random);
        return new TrialConfiguration(size, new AnnotationConfig(sentences, k, placement));
    }

    /// <summary>The vanilla baseline of every size the space can draw.</summary>
    public IEnumerable<TrialConfiguration> Baselines() => Sizes.GridValues.Select(size => new TrialConfiguration(size, null));
}
