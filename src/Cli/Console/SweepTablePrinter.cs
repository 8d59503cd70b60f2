using Microsoft.ML.SemanticContext.Experiments.Running;
using Microsoft.ML.SemanticContext.Experiments.Sweeps;

namespace Microsoft.ML.SemanticContext.Cli;

/// <summary>
/// The sweep's trials on the terminal: a live table (configuration, state, steps, validation figure, best so far)
/// printed whole at every change of a trial on a terminal (not redrawn in place: the log and progress lines on stderr
/// share the screen) and as one line per changed trial when stdout is redirected; and the ranked table at the end.
/// </summary>
public sealed class SweepTablePrinter(TextWriter output)
{
    readonly bool _interactive = !Console.IsOutputRedirected;
    readonly Lock _gate = new();
    readonly Dictionary<int, (TrialState, int, double?)> _shown = [];

    public void Update(IReadOnlyList<TrialRecord> trials)
    {
        lock (_gate)
        {
            var best = Best(trials);
            if (_interactive)
            {
                output.WriteLine(Header);
                foreach (var trial in trials) output.WriteLine(Row(trial));
                output.WriteLine(BestLine(best));
                return;
            }
            foreach (var trial in trials)
            {
                var state = (trial.State, trial.Steps, trial.ValidationNll);
                if (_shown.TryGetValue(trial.Id, out var shown) && shown == state) continue;
                output.WriteLine($"{Row(trial)}   {BestLine(best)}");
                _shown[trial.Id] = state;
            }
        }
    }

    const string Header = "trial  configuration                 state      steps  validation (nats/plain token)";

    static string Row(TrialRecord t) =>
        $"{t.Id,5}  {t.Configuration.Name,-28} {t.State.ToString().ToLowerInvariant(),-9} {t.Steps,6}  {Figure(t.ValidationNll)}";

    static TrialRecord? Best(IEnumerable<TrialRecord> trials) =>
        trials.Where(t => t.ValidationNll is double v && double.IsFinite(v)).MinBy(t => t.ValidationNll);

    static string BestLine(TrialRecord? best) =>
        best is null ? "best so far: none" : $"best so far: {best.Configuration.Name} (trial {best.Id}) {Figure(best.ValidationNll)} at step {best.Steps}";

    static string Figure(double? value) => value is double v ? v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "-";

    /// <summary>
    /// Every trial ranked: finished ones by validation figure (nats per plain-text token, plan tokens counted; lower is
    /// better), then pruned ones by theirs at the step they were stopped, then the rest.
    /// </summary>
    public static void PrintRanked(SweepResult sweep, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"rank",4}  {"trial",5}  {"configuration",-28} {"state",-9} {"steps",6}  {"validation",10}  {"perplexity",10}  {"prompt sim. (proxy)",19}");
        var ranked = sweep.Trials
            .OrderBy(t => t.State switch { TrialState.Finished => 0, TrialState.Pruned => 1, _ => 2 })
            .ThenBy(t => t.ValidationNll ?? double.PositiveInfinity).ThenBy(t => t.Id).ToList();
        for (int i = 0; i < ranked.Count; i++)
        {
            var t = ranked[i];
            var proxy = t.PromptScores.GetValueOrDefault(ExperimentEvaluation.ProxyCriterion) is { Count: > 0 } scores ? scores.Average(s => s.Value).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"{i + 1,4}  {t.Id,5}  {t.Configuration.Name,-28} {t.State.ToString().ToLowerInvariant(),-9} {t.Steps,6}  {Figure(t.ValidationNll),10}  "
                + $"{(t.Perplexity is double p ? p.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "-"),10}  {proxy,19}");
        }
        output.WriteLine($"validation: nats per plain-text token of the validation stories, a cluster-token model's plan tokens counted (lower is better); "
            + $"{sweep.Trials.Sum(t => (long)t.Steps):N0} optimiser steps in all; trials: {Path.Combine(sweep.Folder, SweepRunner.TrialsFile)}"
            + (sweep.BudgetSpent ? "; the time budget ran out: rerun the same command to continue" : ""));
    }
}
