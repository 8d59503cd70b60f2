using Microsoft.ML.SemanticContext.Experiments.Running;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>The smallest experiment that still exercises every stage: a few hundred synthetic stories, a few steps.</summary>
public static class TinyExperiment
{
    public static ExperimentOptions Options(string output) => new()
    {
        OutputDirectory = output,
        SyntheticStories = 160,
        PromptCount = 3,
        CompletionsPerPrompt = 2,
        MaxNewTokens = 16,
        MaxSteps = 4,
        Seed = 3,
    };

    public static async Task<(ExperimentSummary Summary, List<string> Log)> RunAsync(ExperimentOptions options)
    {
        var log = new List<string>();
        var summary = await new ExperimentRunner(options, null, log.Add).RunAsync();
        return (summary, log);
    }
}
