using Microsoft.ML.SemanticContext.Cli;
using Microsoft.ML.SemanticContext.Cli.Commands;

namespace Microsoft.ML.SemanticContext.Experiments.Tests.Sweeps;

public class SweepCommandTests
{
    [Theory]
    [InlineData("2h", 7200)]
    [InlineData("30m", 1800)]
    [InlineData("45s", 45)]
    [InlineData("1h30m", 5400)]
    [InlineData("0.5h", 1800)]
    public void BudgetTimeReadsHoursMinutesAndSeconds(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SweepCommandOptions.ParseDuration(text));

    [Theory]
    [InlineData("2")]
    [InlineData("h")]
    [InlineData("2d")]
    [InlineData("0m")]
    [InlineData("-1h")]
    public void ABudgetTimeWithoutAUnitOrPositiveValueIsRefusedByName(string text) =>
        Assert.Contains("--budget-time", Assert.Throws<UsageException>(() => SweepCommandOptions.ParseDuration(text)).Message);

    [Fact]
    public void PlanningAHalvingSweepForAJobArrayIsAUsageError()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"sweep-plan-{Guid.NewGuid():N}");
        var result = TinySweep.Cli(["sweep", "plan", "-o", folder, "--tuner", "halving"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --tuner halving", result.Stderr);
        Assert.False(Directory.Exists(folder));
    }
}
