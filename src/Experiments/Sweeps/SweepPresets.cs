using Microsoft.ML.SemanticContext.Experiments.Running;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>
/// How big each trial of a sweep is: the built-in corpus's stories (when no corpus file is given), the optimiser-step
/// budget of every trial (null: the size's recipe, epochs over the plain training stories), and the prompts.
/// </summary>
public sealed record SweepScale(int SyntheticStories, int? MaxSteps, int PromptCount, int CompletionsPerPrompt, int MaxNewTokens);

/// <summary>A named search space with the scale its trials run at.</summary>
public sealed record SweepPreset(string Name, string Description, SweepSpace Space, SweepScale Scale);

/// <summary>The ready-made sweeps: the paper's grid, and a quick one that runs on a laptop.</summary>
public static class SweepPresets
{
    /// <summary>
    /// The paper's table: TinyStories-1M and -33M shapes × prepend/postpend × 1 or 2 sentences per chunk ×
    /// k ∈ {5, 7, 15, 32} (random draws k from 3..32): 32 configurations, plus the vanilla baseline of each size.
    /// </summary>
    public static SweepPreset Paper { get; } = new("paper",
        "the paper's table: sizes 1M and 33M × prepend/postpend × 1 or 2 sentences × k ∈ {5, 7, 15, 32} (32 configurations + 2 baselines)",
        new SweepSpace(
            new ChoiceParameter<string>("size", ["1M", "33M"]),
            new ChoiceParameter<Placement>("placement", [Placement.Prepend, Placement.Postpend]),
            new ChoiceParameter<int>("sentences", [1, 2]),
            new RangeParameter("k", 3, 32, [5, 7, 15, 32])),
        new SweepScale(ExperimentOptions.DefaultSyntheticStories, MaxSteps: null, PromptCount: 20, CompletionsPerPrompt: 10, MaxNewTokens: 160));

    /// <summary>
    /// Eight configurations of a small model on 400 built-in stories, 54 optimiser steps each (rungs of 6, 18 and 54 for
    /// successive halving), 4 prompts × 2 completions: the whole sweep and its evaluation in minutes on 2 cores.
    /// </summary>
    public static SweepPreset Quick { get; } = new("quick",
        "a small model (hidden 64, 2 layers) × prepend/postpend × 1 or 2 sentences × k ∈ {5, 15} on 400 built-in stories, 54 steps per trial (8 configurations + 1 baseline)",
        new SweepSpace(
            new ChoiceParameter<string>("size", [QuickSize]),
            new ChoiceParameter<Placement>("placement", [Placement.Prepend, Placement.Postpend]),
            new ChoiceParameter<int>("sentences", [1, 2]),
            new RangeParameter("k", 3, 16, [5, 15])),
        new SweepScale(SyntheticStories: 400, MaxSteps: 54, PromptCount: 4, CompletionsPerPrompt: 2, MaxNewTokens: 48));

    /// <summary>The quick preset's model: hidden 64, 2 layers, 2 heads (a custom shape of the trainer's presets).</summary>
    public const string QuickSize = "64:2:2";

    public static IReadOnlyList<SweepPreset> All { get; } = [Paper, Quick];

    public static SweepPreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOptionException("Preset", $"'{name}' is not a sweep preset; use {string.Join(" or ", All.Select(p => p.Name))}.");
}
