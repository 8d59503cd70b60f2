using System.CommandLine;
using Microsoft.ML.SemanticContext.Experiments.Sweeps;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>sctok sweep</c>: the paper's table as one resumable experiment. <c>sweep -o DIR</c> runs every trial in this
/// process (grid, random or successive halving); <c>plan</c>, <c>run-trial</c> and <c>report</c> split it for a
/// scheduler (a Slurm job array, a Kubernetes indexed Job) over a shared folder.
/// </summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var definition = new SweepCommandOptions();
        var command = new Command("sweep", "Run a sweep of configurations (model size × placement × chunk size × k) with a tuner, resumably, and report it.");
        definition.AddTo(command);
        command.SetAction((result, cancel) => CliErrors.RunAsync(async () =>
        {
            var options = definition.Read(result);
            var table = new SweepTablePrinter(Console.Out);
            var sweep = await new SweepRunner(options, new ConsoleProgress(), Log, table.Update).RunAsync(cancel);
            SweepTablePrinter.PrintRanked(sweep, Console.Out);
            return 0;
        }, definition.Names));
        command.Subcommands.Add(PlanCommand());
        command.Subcommands.Add(RunTrialCommand());
        command.Subcommands.Add(ReportCommand());
        return command;
    }

    static void Log(string message) => Console.Error.WriteLine($"info: {message}");

    static Command PlanCommand()
    {
        var definition = new SweepCommandOptions();
        var command = new Command("plan", "Write the sweep's trials to DIR/sweep.db and prepare what they share; prints the number of trials.");
        definition.AddTo(command);
        command.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            var options = definition.Read(result);
            if (options.Tuner == SweepTuner.Halving)
                throw new UsageException("--tuner halving needs its rungs to wait for each other, which a job array cannot do; run it in one process with `sctok sweep -o DIR --tuner halving`, or plan with --tuner grid or random.");
            var trials = new SweepRunner(options, new ConsoleProgress(), Log).Plan(cancel);
            Console.Out.WriteLine(trials.Count);
            Console.Error.WriteLine($"planned {trials.Count} trials (ids 0 to {trials.Count - 1}) in {SweepStore.PathIn(options.OutputDirectory)}; run each with `sctok sweep run-trial --sweep {options.OutputDirectory} --trial N`");
            return Task.FromResult(0);
        }, definition.Names));
        return command;
    }

    static Command RunTrialCommand()
    {
        var sweep = new Option<DirectoryInfo>("--sweep") { Description = "A planned sweep folder (sctok sweep plan).", Required = true };
        var trial = new Option<int>("--trial") { Description = "The trial to run (0-based, as a job array's index).", Required = true };
        var threads = CommonOptions.Threads();
        var command = new Command("run-trial", "Run exactly one trial of a planned sweep; a finished trial, or one another live process runs, is left alone (exit 0).")
        {
            sweep, trial, threads,
        };
        command.SetAction((result, cancel) => CliErrors.RunAsync(async () =>
        {
            var (outcome, record) = await SweepRunner.RunTrialAsync(result.GetValue(sweep)!.FullName, result.GetValue(trial), result.GetValue(threads),
                new ConsoleProgress(), Log, cancel);
            Console.Out.WriteLine(outcome switch
            {
                TrialRunOutcome.AlreadyDone => $"trial {record.Id} ({record.Configuration.Name}) is already {record.State.ToString().ToLowerInvariant()}; nothing to do",
                TrialRunOutcome.RunningElsewhere => $"trial {record.Id} ({record.Configuration.Name}) is being run by another process; nothing to do",
                _ => $"trial {record.Id} ({record.Configuration.Name}): {record.State.ToString().ToLowerInvariant()} at step {record.Steps}"
                    + (record.Error is { } error ? $": {error}" : ""),
            });
            return record.State == TrialState.Failed && outcome == TrialRunOutcome.Ran ? CliErrors.BadInput : 0;
        }, CommonOptions.Names((CommonOptions.ThreadsProperty, threads), (nameof(SweepOptions.Threads), threads))));
        return command;
    }

    static Command ReportCommand()
    {
        var sweep = new Option<DirectoryInfo>("--sweep") { Description = "The sweep folder.", Required = true };
        var command = new Command("report", "Collect every trial (sweep.db merged with the trials' result files), write the report and print the ranked table.") { sweep };
        command.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            SweepTablePrinter.PrintRanked(SweepRunner.Report(result.GetValue(sweep)!.FullName), Console.Out);
            return Task.FromResult(0);
        }));
        return command;
    }
}
