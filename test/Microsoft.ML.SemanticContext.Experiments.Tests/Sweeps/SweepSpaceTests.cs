using Microsoft.ML.SemanticContext.Experiments.Sweeps;

namespace Microsoft.ML.SemanticContext.Experiments.Tests.Sweeps;

public class SweepSpaceTests
{
    static SweepOptions Options(SweepPreset preset, SweepTuner tuner, int? budget = null, int seed = 1) =>
        new() { OutputDirectory = "unused", Preset = preset, Tuner = tuner, BudgetTrials = budget, Seed = seed };

    [Fact]
    public void PaperGridIs32ConfigurationsPlusTheBaselineOfEachSize()
    {
        var trials = SweepPlanner.Configurations(Options(SweepPresets.Paper, SweepTuner.Grid));
        Assert.Equal(34, trials.Count);
        Assert.Equal(["1M/vanilla", "33M/vanilla"], trials.Where(t => t.IsBaseline).Select(t => t.Name));
        var configurations = trials.Where(t => !t.IsBaseline).ToList();
        Assert.Equal(32, configurations.Distinct().Count());
        Assert.Equal([1, 2], configurations.Select(c => c.Annotation!.SentencesPerChunk).Distinct().Order());
        Assert.Equal([5, 7, 15, 32], configurations.Select(c => c.Annotation!.K).Distinct().Order());
        Assert.Equal(2, configurations.Select(c => c.Annotation!.Placement).Distinct().Count());
        Assert.Equal(16, configurations.Count(c => c.Size == "33M"));
    }

    [Fact]
    public void QuickGridIsEightConfigurationsAndOneBaseline()
    {
        var trials = SweepPlanner.Configurations(Options(SweepPresets.Quick, SweepTuner.Grid));
        Assert.Equal(9, trials.Count);
        Assert.Single(trials, t => t.IsBaseline);
        Assert.Equal(8, trials.Where(t => !t.IsBaseline).Distinct().Count());
    }

    [Fact]
    public void TrialBudgetCutsTheCandidatesButKeepsEveryBaseline()
    {
        var trials = SweepPlanner.Configurations(Options(SweepPresets.Paper, SweepTuner.Grid, budget: 5));
        Assert.Equal(7, trials.Count);
        Assert.Equal(2, trials.Count(t => t.IsBaseline));
    }

    [Fact]
    public void RandomDrawsAreReproducibleWithoutRepeatsAndUseTheWholeRange()
    {
        var first = SweepPlanner.Configurations(Options(SweepPresets.Paper, SweepTuner.Random, budget: 40, seed: 7));
        var again = SweepPlanner.Configurations(Options(SweepPresets.Paper, SweepTuner.Random, budget: 40, seed: 7));
        var other = SweepPlanner.Configurations(Options(SweepPresets.Paper, SweepTuner.Random, budget: 40, seed: 8));
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        var drawn = first.Where(t => !t.IsBaseline).ToList();
        Assert.Equal(40, drawn.Count);
        Assert.Equal(drawn.Count, drawn.Distinct().Count());
        Assert.All(drawn, c => Assert.InRange(c.Annotation!.K, 3, 32));
        // k is a range parameter: 40 draws from 3..32 cannot all fall on the grid's four values by chance.
        Assert.Contains(drawn, c => c.Annotation!.K is not (5 or 7 or 15 or 32));
    }

    [Fact]
    public void RandomStopsAtTheSizeOfTheSpace()
    {
        var space = SweepPresets.Quick.Space with { K = new ChoiceParameter<int>("k", [5]) };
        Assert.Equal(4, SweepPlanner.Draw(space, 100, seed: 1).Count);
    }
}
