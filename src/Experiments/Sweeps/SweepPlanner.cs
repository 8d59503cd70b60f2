namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>Which configurations a sweep trains, in trial-id order: the vanilla baseline of every size first, then the tuner's candidates.</summary>
public static class SweepPlanner
{
    public static IReadOnlyList<TrialConfiguration> Configurations(SweepOptions options)
    {
        var space = options.Preset.Space;
        int budget = options.BudgetTrials ?? space.GridCount;
        IEnumerable<TrialConfiguration> candidates = options.Tuner switch
        {
            SweepTuner.Random => Draw(space, budget, options.Seed),
            // Halving over the whole grid, or over a random draw when the trial budget is smaller.
            SweepTuner.Halving when budget < space.GridCount => Draw(space, budget, options.Seed),
            _ => space.Grid().Take(budget),
        };
        return [.. space.Baselines(), .. candidates];
    }

    /// <summary>
    /// <paramref name="count"/> distinct configurations drawn from the space with <paramref name="seed"/> (fewer when the
    /// space holds fewer): the same seed gives the same list on every machine.
    /// </summary>
    public static IReadOnlyList<TrialConfiguration> Draw(SweepSpace space, int count, int seed)
    {
        var random = new Random(seed);
        var drawn = new List<TrialConfiguration>();
        var seen = new HashSet<TrialConfiguration>();
        long wanted = Math.Min(count, space.RandomCount);
        while (drawn.Count < wanted)
        {
            var configuration = space.Sample(random);
            if (seen.Add(configuration)) drawn.Add(configuration);
        }
        return drawn;
    }
}
