using System.Diagnostics;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Samples;

/// <summary>
/// The README's quick start is samples/QuickStart; this test builds it (as a project reference) and runs it in its
/// own process, so the sample can never rot.
/// </summary>
public class QuickStartSampleTests
{
    [Fact]
    public void QuickStartAnnotatesSavesAndReloadsWithIdenticalOutput()
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "QuickStart.dll");
        Assert.True(File.Exists(sample), $"{sample} was not built next to the tests.");
        var start = new ProcessStartInfo("dotnet", [sample]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "the quick start did not finish in 3 minutes");
        string output = stdout.Result;
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{output}\n{stderr.Result}");
        Assert.Contains("identical output", output);
        // Five cluster tokens, each with its chunk count, and an annotated story that starts with a token.
        for (int c = 0; c < 5; c++) Assert.Contains($"<cluster_{c}> ", output);
        Assert.Matches(@"(?m)^<cluster_\d> \S", output);
    }
}
