namespace Microsoft.ML.SemanticContext.Experiments.Tests.Sweeps;

/// <summary>samples/Sweep is built as a project reference and run here (successive halving on the quick preset) so it cannot rot.</summary>
public class SweepSampleTests
{
    [Fact]
    public void SampleRunsTheQuickPresetWithHalvingAndPrintsEveryTrial()
    {
        var result = SampleProcess.Run("SweepSample.dll", ["halving"], TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var rows = result.Stdout.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d+\s+64:2:2/")).ToList();
        Assert.Equal(9, rows.Count);
        // Eight configurations: six stop at the first rung (6 steps), one at the second (18), one and the baseline run all 54.
        Assert.Equal(2, rows.Count(r => r.Contains("Finished") && r.Contains(" 54 ")));
        Assert.Equal(7, rows.Count(r => r.Contains("Pruned")));
        Assert.Contains("162 optimiser steps in all", result.Stdout);
    }
}
