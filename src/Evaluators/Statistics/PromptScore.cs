namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>One completion's score with the prompt it continued, which pairs it with the other models' completions.</summary>
public readonly record struct PromptScore(string PromptId, double Value);

/// <summary>Pairs two models' scores by prompt: the prompt, not the completion, is the unit of replication.</summary>
public static class PromptPairing
{
    /// <summary>
    /// mean(candidate on p) − mean(baseline on p) for every prompt p that both models have scores for, in ordinal order
    /// of the prompt ids. Averaging within a prompt first keeps each prompt's weight at one, even where a judge reply
    /// was unparseable and one model has fewer completions of it.
    /// </summary>
    public static double[] Differences(IReadOnlyList<PromptScore> candidate, IReadOnlyList<PromptScore> baseline) =>
        DifferencesByPrompt(candidate, baseline).Select(d => d.Value).ToArray();

    /// <summary>The same differences, each with its prompt id (in ordinal order of the ids).</summary>
    public static IReadOnlyList<PromptScore> DifferencesByPrompt(IReadOnlyList<PromptScore> candidate, IReadOnlyList<PromptScore> baseline)
    {
        var c = MeansByPrompt(candidate);
        var b = MeansByPrompt(baseline);
        return c.Keys.Where(b.ContainsKey).Order(StringComparer.Ordinal).Select(p => new PromptScore(p, c[p] - b[p])).ToList();
    }

    /// <summary>One model's mean score per prompt: what a prompt contributes, whatever its number of scored completions.</summary>
    public static Dictionary<string, double> MeansByPrompt(IReadOnlyList<PromptScore> scores) =>
        scores.GroupBy(s => s.PromptId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Average(s => s.Value), StringComparer.Ordinal);
}
