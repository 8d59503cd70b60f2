using Microsoft.ML.SemanticContext.Experiments.Sweeps;

namespace Microsoft.ML.SemanticContext.Benchmarks.Experiments;

/// <summary>
/// Successive halving against the grid on the quick preset with the same seed, each in its own fresh folder: the best
/// validation figure among the cluster-token configurations (nats per plain-text token, plan tokens counted) of each,
/// their ratio, and the ratio of optimiser steps spent in all (baselines included, trained in full by both).
/// Usage: sweep-halving [folder (default: a new temporary folder)] [seed=1]
/// </summary>
public sealed class SweepHalvingBenchmark : IBenchmark
{
    public string Name => "sweep-halving";

    public string Description => "quick preset: successive halving vs grid, best validation figure ratio (target <= 1.02) and optimiser steps ratio (target <= 0.40)";

    public int Run(string[] args)
    {
        string root = args.Length > 0 ? args[0] : Directory.CreateTempSubdirectory("sweep-halving-").FullName;
        int seed = args.Length > 1 ? int.Parse(args[1]) : 1;
        var grid = Sweep(root, SweepTuner.Grid, seed);
        var halving = Sweep(root, SweepTuner.Halving, seed);
        double ratio = Best(halving).ValidationNll!.Value / Best(grid).ValidationNll!.Value;
        double steps = (double)Steps(halving) / Steps(grid);
        Console.WriteLine($"sweep-halving: quick preset, seed {seed}, folders under {root}");
        foreach (var (name, result) in new[] { ("grid", grid), ("halving", halving) })
            Console.WriteLine($"  {name,-8} best {Best(result).Configuration.Name} {Best(result).ValidationNll:0.0000} nats per plain-text token, "
                + $"{Steps(result):N0} optimiser steps, {result.Trials.Count(t => t.State == TrialState.Finished)} trials finished, wall {result.WallTime.TotalSeconds:0} s");
        Console.WriteLine($"  best figure, halving / grid: {ratio:0.0000} (target <= 1.02: {(ratio <= 1.02 ? "met" : "NOT met")})");
        Console.WriteLine($"  optimiser steps, halving / grid: {steps:0.000} (target <= 0.40: {(steps <= 0.40 ? "met" : "NOT met")})");
        return 0;
    }

    static SweepResult Sweep(string root, SweepTuner tuner, int seed)
    {
        var options = new SweepOptions { OutputDirectory = Path.Combine(root, tuner.ToString().ToLowerInvariant()), Preset = SweepPresets.Quick, Tuner = tuner, Seed = seed };
        return new SweepRunner(options, null, _ => { }).RunAsync().GetAwaiter().GetResult();
    }

    /// <summary>The best finished cluster-token configuration: what the tuner searched (baselines are trained in full by both).</summary>
    static TrialRecord Best(SweepResult result) =>
        result.Trials.Where(t => !t.Configuration.IsBaseline && t.State == TrialState.Finished).MinBy(t => t.ValidationNll)!;

    static long Steps(SweepResult result) => result.Trials.Sum(t => (long)t.Steps);
}
