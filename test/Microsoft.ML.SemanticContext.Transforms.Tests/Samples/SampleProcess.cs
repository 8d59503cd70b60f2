using System.Diagnostics;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Samples;

/// <summary>
/// Runs a sample that the test project builds as a project reference (its .dll lies next to the tests) in its own
/// process, as a user would run it, so the samples can never rot.
/// </summary>
static class SampleProcess
{
    /// <summary>The sample's standard output; fails the test with both streams when it does not exit with 0 in time.</summary>
    public static string Run(string assembly, TimeSpan timeout)
    {
        var sample = Path.Combine(AppContext.BaseDirectory, assembly);
        Assert.True(File.Exists(sample), $"{sample} was not built next to the tests.");
        var start = new ProcessStartInfo("dotnet", [sample]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{assembly} did not finish in {timeout}.");
        }
        Assert.True(process.ExitCode == 0, $"{assembly}: exit code {process.ExitCode}\n{stdout.Result}\n{stderr.Result}");
        return stdout.Result;
    }
}
