using System.Diagnostics;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>What a sweep (or <c>sweep report</c>) leaves: every trial, merged from the database and the result files.</summary>
/// <param name="BudgetSpent">The time budget ran out before every trial finished (the rest stay resumable).</param>
public sealed record SweepResult(string Folder, IReadOnlyList<TrialRecord> Trials, bool BudgetSpent, TimeSpan WallTime);

/// <summary>What <c>sweep run-trial</c> did with its trial.</summary>
public enum TrialRunOutcome { Ran, AlreadyDone, RunningElsewhere }

/// <summary>
/// Plans and runs a sweep in its folder: <c>sweep.db</c> (the trials), <c>trials/NNN/</c> (each trial's model,
/// checkpoints, completions and <c>result.json</c>), <c>annotations/</c> (the cache), the shared corpus, tokenizer and
/// prompts, <c>sweep.log</c> and <c>trials.jsonl</c>. Any number of processes may run trials of one folder at once: a
/// trial is claimed by a lock file the kernel releases when its process dies, and re-read under that lock, so a trial
/// is never run twice and a killed one is taken up again from its last checkpoint.
/// </summary>
public sealed class SweepRunner
{
    public const string TrialsFile = "trials.jsonl";

    readonly SweepOptions _options;
    readonly IProgress<ProgressEvent>? _progress;
    readonly SweepLog _log;
    readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <param name="changed">Called with every trial after each change of one, for a live table.</param>
    public SweepRunner(SweepOptions options, IProgress<ProgressEvent>? progress, Action<string> log, Action<IReadOnlyList<TrialRecord>>? changed = null)
    {
        _options = options.Validated();
        _progress = progress;
        Directory.CreateDirectory(options.OutputDirectory);
        _log = new SweepLog(Path.GetFullPath(options.OutputDirectory), log);
        Changed = changed;
    }

    Action<IReadOnlyList<TrialRecord>>? Changed { get; }

    string Folder => Path.GetFullPath(_options.OutputDirectory);

    /// <summary>
    /// Writes the sweep's trials into <c>sweep.db</c> and prepares what they share (corpus split, tokenizer, prompts);
    /// a folder planned before with the same settings is opened as it is, one with other settings is refused.
    /// </summary>
    public IReadOnlyList<TrialRecord> Plan(CancellationToken cancellation = default) => Plan(_options with { Cancellation = cancellation }).Trials;

    (IReadOnlyList<TrialRecord> Trials, SweepWorkspace Workspace) Plan(SweepOptions options)
    {
        // A database already there is checked before anything is written beside it: a foreign or corrupt one ends the run.
        if (File.Exists(SweepStore.PathIn(Folder))) SweepStore.Open(SweepStore.PathIn(Folder));
        // A judge without an endpoint or key must fail now, not at the end of the first trial.
        if (options.Judge) new LlmJudgeEvaluator(options.JudgeOptions()).Dispose();
        var configurations = SweepPlanner.Configurations(options);
        var workspace = SweepWorkspace.Prepare(options, Sizes(configurations), planned: false, _progress, _log.Write);
        var planned = configurations.Select((c, id) => new TrialRecord(id, c, _options.Seed, TrialState.Pending, 0, null, null,
            new Dictionary<string, IReadOnlyList<Evaluators.Statistics.PromptScore>>(), TrialRunner.FolderOf(id), null, TimeSpan.Zero)).ToList();
        var store = SweepStore.CreateOrOpen(SweepStore.PathIn(Folder), planned);
        var trials = store.Trials();
        if (!trials.Select(t => t.Configuration).SequenceEqual(configurations))
            throw new InvalidInputException($"'{store.FilePath}' holds other trials than this sweep plans; use another folder.");
        _log.Write($"sweep: {trials.Count} trials planned ({_options.Tuner.ToString().ToLowerInvariant()} over the {_options.Preset.Name} preset, "
            + $"{trials.Count(t => t.Configuration.IsBaseline)} vanilla baselines), seed {_options.Seed}");
        return (trials, workspace);
    }

    /// <summary>The whole sweep in this process: plan (or resume), run the tuner within the budgets, collect, report.</summary>
    public async Task<SweepResult> RunAsync(CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var (trials, workspace) = Plan(_options with { Cancellation = cancellation });
        // The time budget counts from the start, and stops training, never planning: a spent budget leaves a planned folder.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (_options.BudgetTime is { } time) budget.CancelAfter(time > clock.Elapsed ? time - clock.Elapsed : TimeSpan.Zero);
        var options = _options with { Cancellation = budget.Token };
        var store = SweepStore.Open(SweepStore.PathIn(Folder));
        var runner = Runner(options, workspace);
        bool spent = false;
        try
        {
            if (_options.Tuner == SweepTuner.Halving) await HalvingAsync(store, runner, trials, budget.Token);
            else
                foreach (var trial in trials)
                    await StepAsync(store, runner, trial.Id, pauseAfter: null, budget.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            spent = true;
            _log.Write($"sweep: the time budget of {_options.BudgetTime} is spent; unfinished trials stay resumable (rerun the same command to continue)");
        }
        var result = Collect(Folder) with { BudgetSpent = spent, WallTime = clock.Elapsed };
        WriteReport(result, _options);
        _log.Write($"sweep: {result.Trials.Count(t => t.State == TrialState.Finished)} of {result.Trials.Count} trials finished, "
            + $"{SweepLog.Count(Folder, AnnotationFitted)} annotation fits, {result.Trials.Sum(t => (long)t.Steps):N0} optimiser steps in all");
        return result;
    }

    /// <summary>The log line of an annotation fit; the sweep log counts them.</summary>
    public const string AnnotationFitted = "annotation: fitted";

    /// <summary>
    /// Runs exactly trial <paramref name="id"/> of a planned sweep folder (grid or random), to its end: what a Slurm array
    /// task or a Kubernetes indexed pod calls. A finished trial, or one that another live process holds, is left alone.
    /// </summary>
    public static async Task<(TrialRunOutcome Outcome, TrialRecord Trial)> RunTrialAsync(string folder, int id, int threads,
        IProgress<ProgressEvent>? progress, Action<string> log, CancellationToken cancellation = default)
    {
        folder = Path.GetFullPath(folder);
        var store = SweepStore.Open(SweepStore.PathIn(folder));
        var options = SweepOptionsFile.Read(folder, store.Trials()) with { Threads = threads, Cancellation = cancellation };
        if (options.Tuner == SweepTuner.Halving)
            throw new InvalidInputException($"'{folder}' is a successive-halving sweep, whose rungs must wait for each other; run it in one process with `sctok sweep -o {folder}` (run-trial takes grid and random sweeps).");
        var trial = store.Trial(id);
        var self = new SweepRunner(options, progress, log);
        if (trial.State is TrialState.Finished or TrialState.Pruned) return (TrialRunOutcome.AlreadyDone, trial);
        var workspace = SweepWorkspace.Prepare(options, Sizes(store.Trials().Select(t => t.Configuration)), planned: true, progress, self._log.Write);
        var (ran, record) = await self.StepAsync(store, self.Runner(options, workspace), id, pauseAfter: null, cancellation);
        return (ran ?? (record.State is TrialState.Finished or TrialState.Pruned ? TrialRunOutcome.AlreadyDone : TrialRunOutcome.RunningElsewhere), record);
    }

    /// <summary>Every trial of a sweep folder: the database's rows, each replaced by its result file where that one is further on.</summary>
    public static SweepResult Collect(string folder)
    {
        folder = Path.GetFullPath(folder);
        var trials = SweepStore.Open(SweepStore.PathIn(folder)).Trials()
            .Select(row => TrialResultFile.Read(Path.Combine(folder, row.Folder)) is { } file && Progress(file) > Progress(row) ? file : row)
            .OrderBy(t => t.Id).ToList();
        return new SweepResult(folder, trials, BudgetSpent: false, TimeSpan.Zero);
    }

    /// <summary>How far a record is: ended states beyond running ones, then steps (a file written after the database's last update wins).</summary>
    static long Progress(TrialRecord trial) =>
        (trial.State is TrialState.Finished or TrialState.Pruned or TrialState.Failed ? 1L << 32 : 0) + trial.Steps;

    /// <summary>Collects the trials and writes the report files of <see cref="Collect"/>'s result.</summary>
    public static SweepResult Report(string folder)
    {
        var result = Collect(folder);
        WriteReport(result, SweepOptionsFile.Read(result.Folder, result.Trials));
        return result;
    }

    /// <summary>
    /// The sweep's outputs: <c>trials.jsonl</c>, one trial per line by id, without wall times, so interrupted and
    /// uninterrupted runs with the same seeds write the same bytes; and the report (report.md, report.html,
    /// results.jsonl), whose only run-dependent figures are the wall times.
    /// </summary>
    /// <param name="options">The sweep's settings (preset, tuner, seed, judge), for the report.</param>
    static void WriteReport(SweepResult result, SweepOptions options)
    {
        AtomicFile.WriteAllText(Path.Combine(result.Folder, TrialsFile),
            string.Concat(result.Trials.OrderBy(t => t.Id).Select(t => TrialRecordJson.WriteReproducible(t) + "\n")));
        SweepReportWriter.Write(new SweepReportInput(options.Preset.Name, options.Tuner.ToString().ToLowerInvariant(), options.Seed,
            result.Trials, options.Judge, result.WallTime), result.Folder);
    }

    async Task HalvingAsync(SweepStore store, TrialRunner runner, IReadOnlyList<TrialRecord> trials, CancellationToken cancellation)
    {
        var halving = new SuccessiveHalving(_options.Eta, _options.Rungs);
        // Baselines are what every configuration is tested against: always trained in full.
        foreach (var baseline in trials.Where(t => t.Configuration.IsBaseline))
            await StepAsync(store, runner, baseline.Id, pauseAfter: null, cancellation);
        var alive = trials.Where(t => !t.Configuration.IsBaseline).Select(t => t.Id).ToList();
        int rungs = halving.Rungs;
        for (int rung = 0; rung < rungs; rung++)
        {
            bool last = rung == rungs - 1;
            var figures = store.RungFigures(rung);
            foreach (int id in alive.Where(id => !figures.ContainsKey(id)))
            {
                var trial = store.Trial(id);
                var steps = halving.RungSteps(runner.Budget(trial.Configuration.Size));
                int at = steps[Math.Min(rung, steps.Count - 1)];
                if (trial.State is TrialState.Pending or TrialState.Running)
                    (_, trial) = await StepAsync(store, runner, id, last ? null : at, cancellation);
                // Figures of the rung are kept apart from the trial's latest, so a resumed sweep promotes the same trials.
                if (trial.State == TrialState.Finished || trial.State == TrialState.Pending && trial.Steps >= at)
                    store.SaveRung(id, rung, trial.Steps, trial.ValidationNll);
            }
            if (last) break;
            figures = store.RungFigures(rung);
            var promoted = halving.Promote(alive.Select(id => (id, figures.GetValueOrDefault(id))).ToList());
            foreach (int id in alive.Except(promoted))
            {
                var trial = store.Trial(id);
                if (trial.State != TrialState.Pending) continue;
                Save(store, trial with { State = TrialState.Pruned }, owner: null);
            }
            _log.Write($"halving: rung {rung + 1} of {rungs}: {promoted.Count} of {alive.Count} configurations continue ({string.Join(", ", promoted.Select(id => trials[id].Configuration.Name))})");
            alive = [.. promoted];
        }
    }

    /// <summary>
    /// Claims trial <paramref name="id"/> (its lock file), re-reads it under the lock, and advances it to
    /// <paramref name="pauseAfter"/> (null: to its end) unless it has ended. Null outcome: another process holds it.
    /// </summary>
    async Task<(TrialRunOutcome? Outcome, TrialRecord Trial)> StepAsync(SweepStore store, TrialRunner runner, int id, int? pauseAfter, CancellationToken cancellation)
    {
        var trial = store.Trial(id);
        string folder = Path.Combine(Folder, trial.Folder);
        using var claim = LockFile.TryTake(Path.Combine(folder, ".lock"));
        if (claim is null)
        {
            _log.Write($"trial {id} {trial.Configuration.Name}: being run by another process; left to it");
            return (null, trial);
        }
        trial = store.Trial(id);
        if (trial.State is TrialState.Finished or TrialState.Pruned) return (TrialRunOutcome.AlreadyDone, trial);
        var before = trial;
        Save(store, trial with { State = TrialState.Running }, _owner);
        _log.Write($"trial {id} {trial.Configuration.Name}: {(before.Steps > 0 || before.State == TrialState.Running ? "resuming" : "starting")}"
            + (pauseAfter is int p ? $", training to step {p}" : ", to the end"));
        try
        {
            trial = await runner.AdvanceAsync(before with { State = TrialState.Running }, pauseAfter, cancellation);
        }
        catch (OperationCanceledException)
        {
            Save(store, before with { State = TrialState.Pending }, owner: null);
            throw;
        }
        Save(store, trial, owner: null);
        _log.Write($"trial {id} {trial.Configuration.Name}: {trial.State.ToString().ToLowerInvariant()} at step {trial.Steps}"
            + (trial.ValidationNll is double v ? $", validation {v:F4} nats per plain-text token" : "")
            + (trial.Error is { } error ? $": {error}" : ""));
        return (TrialRunOutcome.Ran, trial);
    }

    void Save(SweepStore store, TrialRecord trial, string? owner)
    {
        store.Save(trial, owner);
        TrialResultFile.Write(Path.Combine(Folder, trial.Folder), trial);
        Changed?.Invoke(store.Trials());
    }

    TrialRunner Runner(SweepOptions options, SweepWorkspace workspace) =>
        new(options, workspace, new AnnotationCache(Folder, workspace, options.Experiment(options.Preset.Space.Sizes.GridValues[0]), _log.Write), _progress, _log.Write);

    static IReadOnlyList<string> Sizes(IEnumerable<TrialConfiguration> configurations) => configurations.Select(c => c.Size).Distinct().ToList();
}
