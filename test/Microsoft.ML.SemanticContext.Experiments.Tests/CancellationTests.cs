using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM sent to <c>sctok</c> in its own process: training stops at a step boundary with a
/// checkpoint that <c>--resume</c> continues from exactly, annotating stops with nothing written (inside the pipeline's
/// fit too), and the exit code is 128 + the signal's number.
/// </summary>
public partial class CancellationTests
{
    static SampleProcess.Result Sctok(params string[] args) => SampleProcess.Run("sctok.dll", args, TimeSpan.FromMinutes(3));

    /// <summary>Starts sctok, sends <paramref name="signal"/> once stderr shows a line matching <paramref name="ready"/>, and waits for the exit.</summary>
    static SampleProcess.Result Interrupted(string signal, Regex ready, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "sctok.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        while (process.StandardError.ReadLine() is { } line)
        {
            stderr.AppendLine(line);
            if (ready.IsMatch(line)) break;
        }
        Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        stderr.Append(process.StandardError.ReadToEnd());
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"sctok did not stop within a minute of SIG{signal}: {stderr}");
        }
        return new SampleProcess.Result(process.ExitCode, stdout.Result, stderr.ToString());
    }

    [GeneratedRegex(@"Training was cancelled after step (\d+); its checkpoint in '(.+)' lets a resumed run continue from there\.")]
    private static partial Regex CancelledAt();

    [GeneratedRegex(@"last loss (\S+)")]
    private static partial Regex LastLoss();

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public void ASignalStopsTrainingAtAStepBoundaryWithACheckpointThatResumeContinues(string signal, int exitCode)
    {
        var dir = TestPaths.TempDir();
        var corpus = Path.Combine(dir, "stories.txt");
        StorySynthesizer.WriteCorpus(corpus, stories: 200, seed: 4);
        string[] Train(string output, int steps, params string[] extra) =>
            ["train", corpus, "-o", output, "--preset", "32:2:2", "--vocab-size", "300", "--seq-len", "32", "--schedule", "Constant", "--warmup", "0",
             "--threads", "1", "--max-steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra];

        var model = Path.Combine(dir, "lm.zip");
        var stopped = Interrupted(signal, new Regex(@"^\[train\]"), Train(model, 1_000_000));
        Assert.True(stopped.ExitCode == exitCode, $"exit {stopped.ExitCode}: {stopped.Stderr}");
        var cancelled = CancelledAt().Match(stopped.Stderr);
        Assert.True(cancelled.Success, stopped.Stderr);
        Assert.DoesNotContain("   at ", stopped.Stderr);
        Assert.False(File.Exists(model));
        Assert.Equal(model + ".checkpoint", cancelled.Groups[2].Value);
        int step = int.Parse(cancelled.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        // Two steps after the interruption, the resumed run has the loss of a run that was never interrupted.
        var resumed = Sctok(Train(model, step + 2, "--resume"));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        var straight = Sctok(Train(Path.Combine(dir, "straight.zip"), step + 2));
        Assert.True(straight.ExitCode == 0, straight.Stderr);
        Assert.Equal(LastLoss().Match(straight.Stderr).Groups[1].Value, LastLoss().Match(resumed.Stderr).Groups[1].Value);
        Assert.Contains($"causal LM: {step + 2} steps, stopped: Completed", resumed.Stderr);
    }

    [Fact]
    public void ASignalStopsAnnotatingWithNothingWritten()
    {
        var dir = TestPaths.TempDir();
        var corpus = Path.Combine(dir, "stories.txt");
        StorySynthesizer.WriteCorpus(corpus, stories: 2000, seed: 4);
        var output = Path.Combine(dir, "out.txt");
        var stopped = Interrupted("INT", new Regex("^info: pipeline: fitting"), "annotate", corpus, "-o", output, "--k", "3");
        Assert.True(stopped.ExitCode == 130, $"exit {stopped.ExitCode}: {stopped.Stderr}");
        Assert.Contains("cancelled: ", stopped.Stderr);
        Assert.Equal([corpus, NarrativeRoles.SidecarPath(corpus)], Directory.GetFiles(dir).Order());
    }

    [Fact]
    public void ASignalDuringTheFitStopsItBeforeTheLastStageWithNothingWritten()
    {
        var dir = TestPaths.TempDir();
        var corpus = Path.Combine(TestPaths.SharedData, "tinystories", "tinystories_gpt4_clean_first5000.jsonl");
        var output = Path.Combine(dir, "out.jsonl");
        var stopped = Interrupted("INT", new Regex("^info: pipeline: fitting"), "annotate", corpus, "-o", output, "--fit-stories", "5000");
        Assert.True(stopped.ExitCode == 130, $"exit {stopped.ExitCode}: {stopped.Stderr}");
        Assert.Contains("cancelled: ", stopped.Stderr);
        // K-Means, the last stage, logs its clusters when its fit ends: the signal stopped the fit before that.
        Assert.DoesNotContain("info: clusters: ", stopped.Stderr);
        Assert.Empty(Directory.GetFiles(dir));
    }
}
