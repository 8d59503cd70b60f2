using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Experiments.Running;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>How a sweep chooses the configurations it trains and how long it trains them.</summary>
public enum SweepTuner
{
    /// <summary>Every grid point, each trained to the full step budget.</summary>
    Grid,

    /// <summary>Configurations drawn from the parameters' distributions (seeded, no repeats), each trained to the full budget.</summary>
    Random,

    /// <summary>
    /// Successive halving over the grid (or a random draw when the trial budget is below the grid): every configuration
    /// trains to the first rung, the best 1/eta on the validation figure continue from their checkpoints to the next.
    /// </summary>
    Halving,
}

/// <summary>Everything that decides a sweep: the space and its scale, the tuner, the budgets, the seed.</summary>
public sealed record SweepOptions
{
    public required string OutputDirectory { get; init; }

    public SweepPreset Preset { get; init; } = SweepPresets.Quick;

    public SweepTuner Tuner { get; init; } = SweepTuner.Grid;

    /// <summary>Cluster-token configurations to train at most (the vanilla baselines come on top); null: the whole grid.</summary>
    public int? BudgetTrials { get; init; }

    /// <summary>Wall time after which the in-process sweep stops at the next step boundary, its trials left resumable; null: none.</summary>
    public TimeSpan? BudgetTime { get; init; }

    /// <summary>A real corpus; null uses the built-in synthetic corpus of the preset's size.</summary>
    public string? CorpusPath { get; init; }

    /// <summary>Fine-tune every trial from this base model (a Hugging Face GPT-Neo folder or a model .zip) with its tokenizer.</summary>
    public string? BaseModelPath { get; init; }

    /// <summary>Grade the finished trials' completions with the LLM judge too (OPENAI_API_KEY, OPENAI_BASE_URL).</summary>
    public bool Judge { get; init; }

    /// <summary>Judge endpoint; null reads OPENAI_BASE_URL (then OpenAI). Not part of the fingerprint: the same judge may move.</summary>
    public Uri? JudgeEndpoint { get; init; }

    /// <summary>Judge key; null reads OPENAI_API_KEY. Never written anywhere.</summary>
    public string? JudgeApiKey { get; init; }

    /// <summary>The judge's settings; <paramref name="cachePath"/> keeps its grades (each trial has its own cache).</summary>
    internal LlmJudgeOptions JudgeOptions(string? cachePath = null) => new() { Endpoint = JudgeEndpoint, ApiKey = JudgeApiKey, CachePath = cachePath };

    /// <summary>Successive halving keeps the best 1/Eta of each rung.</summary>
    public int Eta { get; init; } = 3;

    /// <summary>Successive halving's rungs; the last is the full budget, each earlier one 1/Eta of the next.</summary>
    public int Rungs { get; init; } = 3;

    /// <summary>Seed of every trial's training and sampling (the same for all, so trials pair by prompt) and of the random tuner.</summary>
    public int Seed { get; init; } = 1;

    public int Threads { get; init; } = Environment.ProcessorCount;

    public SweepOptions Validated()
    {
        Require(BudgetTrials is null or >= 1, nameof(BudgetTrials), $"must be at least 1, not {BudgetTrials}.");
        Require(BudgetTime is null || BudgetTime > TimeSpan.Zero, nameof(BudgetTime), $"must be positive, not {BudgetTime}.");
        Require(Eta >= 2, nameof(Eta), $"must be at least 2, not {Eta}.");
        Require(Rungs >= 1, nameof(Rungs), $"must be at least 1, not {Rungs}.");
        Require(Threads >= 1, nameof(Threads), $"must be at least 1, not {Threads}.");
        foreach (var size in Preset.Space.Sizes.GridValues) CausalLmPresets.Get(size);
        Experiment(Preset.Space.Sizes.GridValues[0]).Validated();
        return this;
    }

    static void Require(bool ok, string option, string problem)
    {
        if (!ok) throw new InvalidOptionException(option, problem);
    }

    /// <summary>The experiment settings one trial of <paramref name="size"/> runs with (the shared stages use the first size's).</summary>
    public ExperimentOptions Experiment(string size) => new()
    {
        OutputDirectory = OutputDirectory,
        CorpusPath = CorpusPath,
        SyntheticStories = Preset.Scale.SyntheticStories,
        PromptCount = Preset.Scale.PromptCount,
        CompletionsPerPrompt = Preset.Scale.CompletionsPerPrompt,
        MaxNewTokens = Preset.Scale.MaxNewTokens,
        MaxSteps = Preset.Scale.MaxSteps,
        Preset = size,
        BaseModelPath = BaseModelPath,
        Seed = Seed,
        Threads = Threads,
        Cancellation = Cancellation,
    };

    /// <summary>Stops the sweep at the next safe point (set by the runner); not part of the fingerprint.</summary>
    internal CancellationToken Cancellation { get; init; }

    /// <summary>The settings a sweep folder was planned with; a rerun with other settings is refused, naming them.</summary>
    public JsonObject Fingerprint() => new()
    {
        ["preset"] = Preset.Name,
        ["space"] = $"sizes {Describe(Preset.Space.Sizes)}; placements {Describe(Preset.Space.Placements)}; sentences {Describe(Preset.Space.SentencesPerChunk)}; k {Describe(Preset.Space.K)}",
        ["scale"] = JsonSerializer.SerializeToNode(Preset.Scale),
        ["tuner"] = Tuner.ToString().ToLowerInvariant(),
        ["budgetTrials"] = BudgetTrials,
        ["eta"] = Tuner == SweepTuner.Halving ? Eta : null,
        ["rungs"] = Tuner == SweepTuner.Halving ? Rungs : null,
        ["corpus"] = CorpusPath is null ? null : Path.GetFullPath(CorpusPath),
        ["base"] = BaseModelPath is null ? null : Path.GetFullPath(BaseModelPath),
        // Trials pair by prompt on the same criteria, so a sweep is judged throughout or not at all.
        ["judge"] = Judge,
        ["seed"] = Seed,
    };

    static string Describe<T>(SweepParameter<T> parameter) => parameter switch
    {
        RangeParameter r => $"{r.Min}..{r.Max} (grid {string.Join(",", r.Grid)})",
        _ => string.Join(",", parameter.GridValues),
    };
}
