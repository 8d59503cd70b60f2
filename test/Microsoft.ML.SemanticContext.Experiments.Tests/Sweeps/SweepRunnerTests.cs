using Microsoft.ML.SemanticContext.Experiments.Sweeps;

namespace Microsoft.ML.SemanticContext.Experiments.Tests.Sweeps;

public sealed class SweepRunnerTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("sweep-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task TrialsDifferingInPlacementOrSizeShareOneAnnotationFitAndAFinishedSweepNeverReruns()
    {
        var space = TinySweep.Space([SweepPresets.QuickSize, "32:1:2"], [Placement.Prepend, Placement.Postpend], [2], [5]);
        var options = TinySweep.Options(_folder, space, SweepTuner.Grid);
        var (result, log) = await TinySweep.RunAsync(options);

        Assert.Equal(6, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal((TrialState.Finished, 9), (t.State, t.Steps)));
        Assert.Equal(1, SweepLog.Count(_folder, SweepRunner.AnnotationFitted));
        Assert.Equal(3, SweepLog.Count(_folder, "annotation: reused (s2,k5)"));
        Assert.Single(Directory.GetDirectories(Path.Combine(_folder, "annotations")));
        // Every trial completes the same prompts, so trials pair by prompt (a completion without a word to compare has no score).
        Assert.All(result.Trials, t => Assert.Subset(new HashSet<string> { "p0", "p1" }, t.PromptScores["prompt similarity (proxy)"].Select(s => s.PromptId).ToHashSet()));
        Assert.Contains(result.Trials, t => t.PromptScores["prompt similarity (proxy)"].Select(s => s.PromptId).Distinct().Count() == 2);
        Assert.All(result.Trials, t => Assert.InRange(t.ValidationNll!.Value, 0.1, 20));

        var jsonl = File.ReadAllText(Path.Combine(_folder, SweepRunner.TrialsFile));
        int starts = log.Count(l => l.Contains(": starting", StringComparison.Ordinal));
        var (again, secondLog) = await TinySweep.RunAsync(options);
        Assert.Equal(6, starts);
        Assert.DoesNotContain(secondLog, l => l.Contains(": starting", StringComparison.Ordinal) || l.Contains(": resuming", StringComparison.Ordinal));
        Assert.Equal(jsonl, File.ReadAllText(Path.Combine(_folder, SweepRunner.TrialsFile)));
        Assert.Equal(result.Trials.Select(TrialRecordJson.WriteReproducible), again.Trials.Select(TrialRecordJson.WriteReproducible));
    }

    [Fact]
    public async Task WithTheJudgeEveryFinishedTrialCarriesItsGradesPerPromptAndTheKeyStaysSecret()
    {
        await using var server = new LoopbackChatServer(LoopbackChatServer.TinyStoriesJudge);
        const string key = "sk-sweep-secret-key-456";
        var space = TinySweep.Space([SweepPresets.QuickSize], [Placement.Prepend], [2], [5]);
        var options = TinySweep.Options(_folder, space, SweepTuner.Grid) with { Judge = true, JudgeEndpoint = server.BaseUrl, JudgeApiKey = key };
        var (result, _) = await TinySweep.RunAsync(options);

        Assert.Equal(2, result.Trials.Count);
        foreach (var trial in result.Trials)
        {
            Assert.Equal(TrialState.Finished, trial.State);
            // 2 prompts × 1 completion, graded on every criterion, keyed by the prompt they continue.
            Assert.All(Evaluators.Statistics.ScoreStatistics.Criteria, c => Assert.Equal(["p0", "p1"], trial.PromptScores[c].Select(s => s.PromptId).Order()));
        }
        foreach (var file in Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".safetensors") && !f.EndsWith(".zip")))
            Assert.DoesNotContain(key, File.ReadAllText(file));
    }

    [Fact]
    public async Task ASpentTimeBudgetLeavesTheTrialsResumableAndARerunFinishesThem()
    {
        var space = TinySweep.Space([SweepPresets.QuickSize], [Placement.Prepend], [2], [5]);
        var options = TinySweep.Options(_folder, space, SweepTuner.Grid);
        var (spent, log) = await TinySweep.RunAsync(options with { BudgetTime = TimeSpan.FromTicks(1) });
        Assert.True(spent.BudgetSpent);
        Assert.All(spent.Trials, t => Assert.Equal((TrialState.Pending, 0), (t.State, t.Steps)));
        Assert.Contains(log, l => l.Contains("time budget", StringComparison.Ordinal));

        var (finished, _) = await TinySweep.RunAsync(options);
        Assert.False(finished.BudgetSpent);
        Assert.All(finished.Trials, t => Assert.Equal((TrialState.Finished, 9), (t.State, t.Steps)));
    }

    [Fact]
    public async Task HalvingPromotesTheBestThirdOfEachRungAndSpendsTheStepsItShould()
    {
        var space = TinySweep.Space([SweepPresets.QuickSize], [Placement.Prepend, Placement.Postpend], [1, 2], [3, 5]);
        var (result, _) = await TinySweep.RunAsync(TinySweep.Options(_folder, space, SweepTuner.Halving));

        // Budget 9: rungs at 1, 3 and 9 steps. Eight configurations reach step 1, the best two step 3, the best of them step 9.
        var candidates = result.Trials.Where(t => !t.Configuration.IsBaseline).ToList();
        Assert.Equal(8, candidates.Count);
        Assert.Equal(6, candidates.Count(t => t is { State: TrialState.Pruned, Steps: 1 }));
        Assert.Single(candidates, t => t is { State: TrialState.Pruned, Steps: 3 });
        var winner = Assert.Single(candidates, t => t.State == TrialState.Finished);
        Assert.Equal(9, winner.Steps);
        Assert.Equal(TrialState.Finished, result.Trials.Single(t => t.Configuration.IsBaseline).State);
        Assert.Equal(6 * 1 + 3 + 9 + 9, result.Trials.Sum(t => t.Steps));

        var store = SweepStore.Open(SweepStore.PathIn(_folder));
        var rung0 = store.RungFigures(0);
        var rung1 = store.RungFigures(1);
        Assert.Equal(8, rung0.Count);
        var bestTwo = rung0.OrderBy(kv => kv.Value).Take(2).Select(kv => kv.Key).Order();
        Assert.Equal(bestTwo, rung1.Keys.Order());
        Assert.Equal(rung1.MinBy(kv => kv.Value).Key, winner.Id);
    }
}
