using Microsoft.ML.SemanticContext.Experiments.Sweeps;

namespace Microsoft.ML.SemanticContext.Benchmarks.Experiments;

/// <summary>
/// A 16-configuration grid (two model sizes × prepend/postpend × 1 or 2 sentences × k ∈ {5, 15}, plus the two
/// baselines) on 200 built-in stories and 18 steps per trial: counts the annotation fits in the sweep log against the
/// distinct (sentences per chunk, k).
/// Usage: sweep-annotations [folder (default: a new temporary folder)]
/// </summary>
public sealed class SweepAnnotationsBenchmark : IBenchmark
{
    public string Name => "sweep-annotations";

    public string Description => "16-trial sweep: annotation fits counted in the sweep log vs distinct (chunk size, k) (target: equal)";

    public int Run(string[] args)
    {
        string folder = args.Length > 0 ? args[0] : Directory.CreateTempSubdirectory("sweep-annotations-").FullName;
        var space = SweepPresets.Quick.Space with { Sizes = new ChoiceParameter<string>("size", [SweepPresets.QuickSize, "32:1:2"]) };
        var options = new SweepOptions
        {
            OutputDirectory = folder,
            Preset = new SweepPreset("annotations", "benchmark", space, new SweepScale(200, MaxSteps: 18, PromptCount: 2, CompletionsPerPrompt: 1, MaxNewTokens: 16)),
        };
        var result = new SweepRunner(options, null, _ => { }).RunAsync().GetAwaiter().GetResult();
        var configurations = result.Trials.Where(t => !t.Configuration.IsBaseline).ToList();
        int distinct = configurations.Select(t => (t.Configuration.Annotation!.SentencesPerChunk, t.Configuration.Annotation.K)).Distinct().Count();
        int fits = SweepLog.Count(folder, SweepRunner.AnnotationFitted), reused = SweepLog.Count(folder, "annotation: reused");
        Console.WriteLine($"sweep-annotations: {configurations.Count} cluster-token trials (+{result.Trials.Count - configurations.Count} baselines) in {folder}, "
            + $"{result.Trials.Count(t => t.State == TrialState.Finished)} finished, wall {result.WallTime.TotalSeconds:0} s");
        Console.WriteLine($"  annotation fits (sweep.log): {fits}; reused: {reused}; distinct (chunk size, k): {distinct} (target: fits = distinct: {(fits == distinct ? "met" : "NOT met")})");
        return 0;
    }
}
