namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>samples/Experiment is built as a project reference and smoke-run here so it cannot rot.</summary>
public class ExperimentSampleTests
{
    [Fact]
    public void SampleTrainsBothModelsAndPrintsTheTable()
    {
        var result = SampleProcess.Run("ExperimentSample.dll", [], TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Matches(@"(?m)^vanilla\s+\d+\.\d\d\s+0\.\d{3}", result.Stdout);
        Assert.Matches(@"(?m)^sct-s2-k5-prepend\s+\d+\.\d\d\s+0\.\d{3}", result.Stdout);
        Assert.Contains("one-tailed p =", result.Stdout);
        Assert.Contains("report.html", result.Stdout);
    }
}
