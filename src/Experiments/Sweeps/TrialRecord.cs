using Microsoft.ML.SemanticContext.Evaluators.Statistics;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>Where a trial is in its life; only <see cref="Finished"/> trials carry final metrics.</summary>
public enum TrialState
{
    Pending,
    Running,
    /// <summary>Stopped early by the tuner (successive halving) on its validation figure; keeps the figure it reached.</summary>
    Pruned,
    Finished,
    Failed,
}

/// <summary>
/// Everything a sweep keeps about one trial (one row of the sweep database, one result file of a fanned-out trial).
/// </summary>
/// <param name="Id">0-based trial number, as given to <c>sctok sweep run-trial --trial N</c>.</param>
/// <param name="Seed">Seed of the trial's training and sampling (the same for every trial of a sweep, so trials pair).</param>
/// <param name="Steps">Optimiser steps trained so far.</param>
/// <param name="ValidationNll">
/// Validation loss on a comparable basis: nats per plain-text token of the held-out validation stories, with a
/// cluster-token model's plan tokens counted in the numerator (an upper bound on −log p(text) / plain tokens).
/// </param>
/// <param name="Perplexity">Held-out perplexity per plain-text token, plan paid for (best-plan bound); null until finished.</param>
/// <param name="PromptScores">Per criterion (the offline proxy, and the judge's criteria when it ran), one score per sample keyed by prompt.</param>
/// <param name="Folder">The trial's artefacts (model, completions, logs), relative to the sweep folder.</param>
/// <param name="Error">Why a <see cref="TrialState.Failed"/> trial failed.</param>
public sealed record TrialRecord(
    int Id,
    TrialConfiguration Configuration,
    int Seed,
    TrialState State,
    int Steps,
    double? ValidationNll,
    double? Perplexity,
    IReadOnlyDictionary<string, IReadOnlyList<PromptScore>> PromptScores,
    string Folder,
    string? Error,
    TimeSpan WallTime);
