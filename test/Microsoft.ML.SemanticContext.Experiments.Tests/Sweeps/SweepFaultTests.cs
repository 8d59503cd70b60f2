using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.ML.SemanticContext.Experiments.Sweeps;

namespace Microsoft.ML.SemanticContext.Experiments.Tests.Sweeps;

/// <summary>The sweep through the built sctok, as a scheduler runs it: several run-trial processes at once, and a sweep killed with SIGKILL.</summary>
public sealed class SweepFaultTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("sweep-faults-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RunTrialProcessesAtOnceClaimEveryTrialOnceAndTwoOnOneTrialRunItOnce()
    {
        var sweep = Path.Combine(_folder, "fan-out");
        var plan = TinySweep.Cli(["sweep", "plan", "-o", sweep, .. TinySweep.CliScale, "--budget-trials", "2"]);
        Assert.True(plan.ExitCode == 0, plan.Stderr);
        Assert.Equal("3", plan.Stdout.Trim());

        // Two processes per trial, all six at once.
        var runs = Enumerable.Range(0, 6).Select(i => Task.Run(() => TinySweep.Cli("sweep", "run-trial", "--sweep", sweep, "--trial", (i % 3).ToString(), "--threads", "1"))).ToList();
        var results = await Task.WhenAll(runs);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Stderr));
        for (int trial = 0; trial < 3; trial++)
        {
            var pair = new[] { results[trial], results[trial + 3] };
            Assert.Single(pair, r => r.Stdout.Contains("finished at step 9", StringComparison.Ordinal));
            Assert.Single(pair, r => r.Stdout.Contains("is already finished", StringComparison.Ordinal) || r.Stdout.Contains("is being run by another process", StringComparison.Ordinal));
        }
        var trials = SweepStore.Open(SweepStore.PathIn(sweep)).Trials();
        Assert.Equal([0, 1, 2], trials.Select(t => t.Id));
        Assert.All(trials, t => Assert.Equal((TrialState.Finished, 9), (t.State, t.Steps)));
        var log = File.ReadAllLines(SweepLog.PathIn(sweep));
        for (int trial = 0; trial < 3; trial++)
            Assert.Single(log, l => l.Contains($" trial {trial} ", StringComparison.Ordinal) && l.Contains(": starting", StringComparison.Ordinal));
        // The first two grid points are s1-k5 prepend and postpend: one annotation, fitted once by whichever process came first.
        Assert.Equal(1, SweepLog.Count(sweep, SweepRunner.AnnotationFitted));

        var again = TinySweep.Cli("sweep", "run-trial", "--sweep", sweep, "--trial", "2");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("is already finished", again.Stdout);
        var report = TinySweep.Cli("sweep", "report", "--sweep", sweep);
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(sweep, SweepRunner.TrialsFile)).Length);
    }

    [Fact]
    public void ASweepKilledThreeTimesEndsWithEveryTrialOnceAndTheSameTrialsAsAnUninterruptedRun()
    {
        string[] Args(string folder) => ["sweep", "-o", folder, .. TinySweep.CliScale, "--budget-trials", "2"];
        var clean = Path.Combine(_folder, "clean");
        var uninterrupted = TinySweep.Cli(Args(clean));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Stderr);

        var killed = Path.Combine(_folder, "killed");
        var random = new Random(11);
        int killedMidway = 0;
        for (int kill = 0; kill < 3; kill++)
        {
            using var process = Start(Args(killed));
            Thread.Sleep(TimeSpan.FromSeconds(1.5 + random.NextDouble() * 5));
            if (!process.HasExited) { process.Kill(entireProcessTree: true); killedMidway++; }
            process.WaitForExit();
        }
        Assert.True(killedMidway > 0, "every run finished before it could be killed");
        var resumed = TinySweep.Cli(Args(killed));
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);

        var trials = SweepStore.Open(SweepStore.PathIn(killed)).Trials();
        Assert.Equal([0, 1, 2], trials.Select(t => t.Id));
        Assert.All(trials, t => Assert.Equal(TrialState.Finished, t.State));
        Assert.Equal(File.ReadAllText(Path.Combine(clean, SweepRunner.TrialsFile)), File.ReadAllText(Path.Combine(killed, SweepRunner.TrialsFile)));
        // The report too, once its wall times (the only figures that depend on the run) are masked.
        Assert.Equal(WithoutDurations(File.ReadAllText(Path.Combine(clean, "report.md"))), WithoutDurations(File.ReadAllText(Path.Combine(killed, "report.md"))));
    }

    /// <summary>Replaces every duration as reports print them (<c>4.2 s</c>, <c>3 min 5 s</c>, <c>1 h 2 min</c>).</summary>
    static string WithoutDurations(string report) =>
        Regex.Replace(report, @"\d+ h \d+ min|\d+ min \d+ s|\d+\.\d s", "<duration>");

    [Fact]
    public void ACorruptDatabaseIsOneErrorLineAndIsNotOverwritten()
    {
        var sweep = Path.Combine(_folder, "corrupt");
        Directory.CreateDirectory(sweep);
        var bytes = new byte[4096];
        new Random(2).NextBytes(bytes);
        File.WriteAllBytes(SweepStore.PathIn(sweep), bytes);
        var result = TinySweep.Cli(["sweep", "-o", sweep, .. TinySweep.CliScale, "--budget-trials", "1"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Matches($"^error: '{SweepStore.PathIn(sweep)}' is not a sweep database", result.Stderr.Split('\n').Single(l => l.StartsWith("error:", StringComparison.Ordinal)));
        Assert.Equal(bytes, File.ReadAllBytes(SweepStore.PathIn(sweep)));
        var trial = TinySweep.Cli("sweep", "run-trial", "--sweep", sweep, "--trial", "0");
        Assert.Equal(1, trial.ExitCode);
        Assert.Equal(bytes, File.ReadAllBytes(SweepStore.PathIn(sweep)));
    }

    /// <summary>Starts sctok without waiting; its output is drained so it never blocks on a full pipe.</summary>
    static Process Start(IEnumerable<string> args)
    {
        var process = SampleProcess.Start("sctok.dll", args);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
