using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Experiments.Annotation;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>
/// Everything that decides an experiment's results. Defaults are the CPU-sized run of the paper's protocol on the
/// built-in synthetic corpus: a vanilla model and one cluster-token model (2 sentences, k = 5, prepend), 20 prompts ×
/// 10 completions each, offline metrics always and the LLM judge when asked for.
/// </summary>
public sealed record ExperimentOptions
{
    public required string OutputDirectory { get; init; }

    /// <summary>A real corpus; null uses the built-in synthetic corpus of <see cref="SyntheticStories"/> stories.</summary>
    public string? CorpusPath { get; init; }

    public const int DefaultSyntheticStories = 1200;

    public int SyntheticStories { get; init; } = DefaultSyntheticStories;

    /// <summary>Cap on stories read from <see cref="CorpusPath"/> (null: all).</summary>
    public int? MaxStories { get; init; }

    /// <summary>A prompt file (YAML list, JSONL or one per line); null cuts prompts from held-out stories.</summary>
    public string? PromptsPath { get; init; }

    /// <summary>Prompts used; null means 20 cut prompts, or every prompt of <see cref="PromptsPath"/>.</summary>
    public int? PromptCount { get; init; }

    public int CompletionsPerPrompt { get; init; } = 10;

    /// <summary>Model and training preset, a name of <see cref="CausalLmPresets"/> or hidden:layers:heads.</summary>
    public string Preset { get; init; } = CausalLmDefaults.Preset;

    /// <summary>Cluster-token configurations, each trained as its own model beside the vanilla one.</summary>
    public IReadOnlyList<AnnotationConfig> Configurations { get; init; } = [new AnnotationConfig()];

    /// <summary>Real models for the annotation stages (SaT, NER, ONNX embedder); the built-in defaults otherwise.</summary>
    public StageModels Models { get; init; } = StageModels.BuiltIn;

    /// <summary>Grade with an LLM judge (needs an endpoint and key; see LlmJudgeOptions).</summary>
    public bool Judge { get; init; }

    public string? JudgeModel { get; init; }

    /// <summary>Judge endpoint; null reads OPENAI_BASE_URL (then OpenAI). Not part of the fingerprint: the same judge may move.</summary>
    public Uri? JudgeEndpoint { get; init; }

    /// <summary>Judge key; null reads OPENAI_API_KEY. Never written anywhere.</summary>
    public string? JudgeApiKey { get; init; }

    /// <summary>Wall-clock limit of the judging stage (null: none); when spent, the report is written with the judge marked incomplete.</summary>
    public TimeSpan? JudgeTimeBudget { get; init; }

    /// <summary>Judge the text with its plan tokens (by default they are stripped first).</summary>
    public bool KeepClusterTokens { get; init; }

    public int MaxNewTokens { get; init; } = 160;
    public float Temperature { get; init; } = CausalLmDefaults.Temperature;
    public float TopP { get; init; } = CausalLmDefaults.TopP;

    /// <summary>Override of the preset's optimizer-step budget per model.</summary>
    public int? MaxSteps { get; init; }

    /// <summary>
    /// Fine-tune every model (vanilla and cluster-token) from this base model, a Hugging Face GPT-Neo folder or a model
    /// .zip, with its tokenizer, as the paper did; the training recipe is then <see cref="CausalLmPresets.FineTuning"/>.
    /// Null trains every model from scratch with the preset's shape and recipe.
    /// </summary>
    public string? BaseModelPath { get; init; }

    /// <summary>Override of the recipe's tokens per training sequence (a base model's context must hold them).</summary>
    public int? SequenceLength { get; init; }

    /// <summary>The training options of every model: the recipe (fine-tuning or the preset's) with this run's overrides.</summary>
    public CausalLmTrainingOptions Training(CausalLmPreset preset)
    {
        var recipe = preset.Recipe(fineTuning: BaseModelPath is not null);
        return recipe with { MaxSteps = MaxSteps ?? recipe.MaxSteps, SequenceLength = SequenceLength ?? recipe.SequenceLength };
    }

    public int Seed { get; init; } = 1;

    /// <summary>Threads for numeric work and row-parallel stages (each context the experiment creates gets it); all cores by default.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Positions of the model's context (prompt and completion together) under <paramref name="preset"/>.</summary>
    public int ContextOf(CausalLmPreset preset) => preset.Shape(preset.VocabularySize).MaxPositions;

    /// <summary>
    /// Throws naming the first option that cannot work, before any stage runs (a bad value found after training would
    /// cost the whole run). Returns this for chaining.
    /// </summary>
    public ExperimentOptions Validated()
    {
        var preset = CausalLmPresets.Get(Preset);
        Require(SyntheticStories >= 1, nameof(SyntheticStories), $"must be at least 1, not {SyntheticStories}.");
        Require(MaxStories is null or >= 1, nameof(MaxStories), $"must be at least 1, not {MaxStories}.");
        Require(PromptCount is null or >= 1, nameof(PromptCount), $"must be at least 1, not {PromptCount}.");
        Require(CompletionsPerPrompt >= 1, nameof(CompletionsPerPrompt), $"must be at least 1, not {CompletionsPerPrompt}.");
        Require(Configurations.Count >= 1, nameof(Configurations), "must name at least one configuration.");
        Require(Configurations.Distinct().Count() == Configurations.Count, nameof(Configurations), "must not name a configuration twice.");
        // A base model brings its own context, checked against the prompts once it is opened.
        int context = BaseModelPath is null ? ContextOf(preset) : int.MaxValue;
        Require(MaxNewTokens >= 1 && MaxNewTokens < context, nameof(MaxNewTokens),
            $"must be at least 1 and leave room for a prompt in the model's context of {context} positions, not {MaxNewTokens}.");
        Require(MaxSteps is null or >= 1, nameof(MaxSteps), $"must be at least 1, not {MaxSteps}.");
        Require(Threads >= 1, nameof(Threads), $"must be at least 1, not {Threads}.");
        Require(JudgeModel is null || !string.IsNullOrWhiteSpace(JudgeModel), nameof(JudgeModel), "must name a model.");
        new SamplingOptions { MaxNewTokens = MaxNewTokens, Temperature = Temperature, TopP = TopP }.Validated();
        if (CorpusPath is not null && !File.Exists(CorpusPath)) throw new FileNotFoundException($"Corpus file '{CorpusPath}' does not exist.", CorpusPath);
        if (PromptsPath is not null && !File.Exists(PromptsPath)) throw new FileNotFoundException($"Prompt file '{PromptsPath}' does not exist.", PromptsPath);
        return this;
    }

    static void Require(bool ok, string option, string problem)
    {
        if (!ok) throw new InvalidOptionException(option, problem);
    }

    /// <summary>A context for one part of the run: seeded, with the experiment's thread budget and progress sink.</summary>
    public MLContext CreateContext(IProgress<ProgressEvent>? progress = null) =>
        new(Seed) { ComputeThreads = Threads, Progress = progress, Cancellation = Cancellation };

    /// <summary>Stops the run at the next safe point of any stage (set by <see cref="ExperimentRunner.RunAsync"/>); not part of the fingerprint.</summary>
    internal CancellationToken Cancellation { get; init; }

    /// <summary>
    /// The settings that must match for a folder's finished stages to be reused (not paths of outputs, not threads, not
    /// the judge: grades are cached per judge model, so a folder can be judged later, again, or not at all).
    /// </summary>
    public JsonObject Fingerprint() => new()
    {
        ["corpus"] = CorpusPath is null ? $"synthetic:{SyntheticStories}" : Path.GetFullPath(CorpusPath),
        ["maxStories"] = MaxStories,
        ["prompts"] = PromptsPath is null ? "cut-from-held-out" : Path.GetFullPath(PromptsPath),
        ["promptCount"] = PromptCount,
        ["completionsPerPrompt"] = CompletionsPerPrompt,
        ["preset"] = Preset,
        ["configurations"] = new JsonArray(Configurations.Select(c => (JsonNode)c.Name).ToArray()),
        ["keepClusterTokens"] = KeepClusterTokens,
        ["sampling"] = $"max {MaxNewTokens}, T {Temperature}, top-p {TopP}",
        ["maxSteps"] = MaxSteps,
        ["base"] = BaseModelPath is null ? null : Path.GetFullPath(BaseModelPath),
        ["sequenceLength"] = SequenceLength,
        ["seed"] = Seed,
        // Null (left out of the comparison) for the built-in stages, so folders of earlier runs keep their fingerprint.
        ["stageModels"] = Models == StageModels.BuiltIn ? null : Models.Describe(),
    };
}
