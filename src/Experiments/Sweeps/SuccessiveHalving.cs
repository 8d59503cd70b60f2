namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>
/// Successive halving (Jamieson and Talwalkar, 2016) on optimiser steps: every candidate trains to the first rung,
/// the best 1/<paramref name="Eta"/> on the validation figure (lower is better) continue from their checkpoints to the
/// next rung, and so on; the last rung is the full budget. With eta 3 and 3 rungs a trial's rungs are budget/9,
/// budget/3 and budget.
/// </summary>
public sealed record SuccessiveHalving(int Eta = 3, int Rungs = 3)
{
    /// <summary>Optimiser steps at the end of each rung (increasing, at least 1; the last is <paramref name="budget"/>).</summary>
    public IReadOnlyList<int> RungSteps(int budget)
    {
        var steps = new List<int>();
        for (int rung = 0; rung < Rungs; rung++)
        {
            int at = Math.Max(1, (int)(budget / Math.Pow(Eta, Rungs - 1 - rung)));
            if (steps.Count == 0 || at > steps[^1]) steps.Add(at);
        }
        return steps;
    }

    /// <summary>
    /// The trials that continue: the best ⌊n / eta⌋ (at least one) by figure, ties to the lower trial id; trials
    /// without a finite figure (failed, diverged) come last.
    /// </summary>
    public IReadOnlyList<int> Promote(IReadOnlyList<(int Trial, double? Figure)> rung)
    {
        int keep = Math.Max(1, rung.Count / Eta);
        return rung.OrderBy(r => r.Figure is double f && double.IsFinite(f) ? f : double.PositiveInfinity).ThenBy(r => r.Trial).Take(keep).Select(r => r.Trial).ToList();
    }
}
