using Microsoft.ML.SemanticContext.Experiments.Sweeps;

namespace Microsoft.ML.SemanticContext.Experiments.Tests.Sweeps;

/// <summary>The smallest sweeps that still run every stage of a trial: a few synthetic stories, a few steps, tiny models.</summary>
public static class TinySweep
{
    public static SweepScale Scale { get; } = new(SyntheticStories: 100, MaxSteps: 9, PromptCount: 2, CompletionsPerPrompt: 1, MaxNewTokens: 8);

    /// <summary>The quick preset's flags scaled down to <see cref="Scale"/>, for the command line.</summary>
    public static string[] CliScale { get; } = ["--preset", "quick", "--stories", "100", "--max-steps", "9", "--prompt-count", "2", "--completions", "1", "--max-new-tokens", "8", "--seed", "3"];

    public static SweepSpace Space(string[] sizes, Placement[] placements, int[] sentences, int[] ks) => new(
        new ChoiceParameter<string>("size", sizes), new ChoiceParameter<Placement>("placement", placements),
        new ChoiceParameter<int>("sentences", sentences), new ChoiceParameter<int>("k", ks));

    public static SweepOptions Options(string folder, SweepSpace space, SweepTuner tuner) => new()
    {
        OutputDirectory = folder,
        Preset = new SweepPreset("tiny", "test sweep", space, Scale),
        Tuner = tuner,
        Seed = 3,
    };

    public static async Task<(SweepResult Result, List<string> Log)> RunAsync(SweepOptions options)
    {
        var log = new List<string>();
        var result = await new SweepRunner(options, null, m => { lock (log) log.Add(m); }).RunAsync();
        return (result, log);
    }

    /// <summary>Runs the built sctok with <paramref name="args"/>.</summary>
    public static SampleProcess.Result Cli(params string[] args) => SampleProcess.Run("sctok.dll", args, TimeSpan.FromMinutes(5));
}
