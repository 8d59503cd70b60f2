using System.CommandLine;
using System.Globalization;
using Microsoft.ML.SemanticContext.Experiments.Sweeps;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary>The options that define a sweep, shared by <c>sweep</c> and <c>sweep plan</c>.</summary>
public sealed class SweepCommandOptions
{
    readonly Option<DirectoryInfo> _output = new("--output", "-o") { Description = "Sweep folder (created; rerunning resumes).", Required = true };
    readonly Option<string> _preset = new("--preset")
    {
        Description = "Search space and scale: " + string.Join("; ", SweepPresets.All.Select(p => $"{p.Name} ({p.Description})")),
        DefaultValueFactory = _ => SweepPresets.Quick.Name,
    };
    readonly Option<string> _tuner = new("--tuner") { Description = "grid, random (seeded) or halving (successive halving, eta 3, 3 rungs).", DefaultValueFactory = _ => "grid" };
    readonly Option<int?> _budgetTrials = new("--budget-trials") { Description = "Configurations to train at most (the vanilla baselines come on top)." };
    readonly Option<string?> _budgetTime = new("--budget-time") { Description = "Wall time for this run, e.g. 2h, 30m, 1h30m; unfinished trials stay resumable." };
    readonly Option<FileInfo?> _corpus = new("--corpus") { Description = "Corpus of stories (.txt, .jsonl, .json); default: the built-in synthetic corpus." };
    readonly Option<string?> _base = new("--base") { Description = "Fine-tune every trial from this base model (a Hugging Face GPT-Neo folder or a model .zip) with its tokenizer." };
    readonly Option<int?> _stories = new("--stories") { Description = "Stories in the built-in synthetic corpus (default: the preset's)." };
    readonly Option<int?> _maxSteps = new("--max-steps") { Description = "Optimiser steps of a full trial (default: the preset's)." };
    readonly Option<int?> _promptCount = new("--prompt-count") { Description = "Prompts every trial completes (default: the preset's)." };
    readonly Option<int?> _completions = new("--completions") { Description = "Completions per prompt and trial (default: the preset's)." };
    readonly Option<int?> _maxNew = new("--max-new-tokens") { Description = "Tokens generated per completion (default: the preset's)." };
    readonly Option<bool> _judge = new("--judge") { Description = "Grade every finished trial's completions with the LLM judge too (OPENAI_API_KEY, OPENAI_BASE_URL)." };
    readonly Option<int> _seed = CommonOptions.Seed();
    readonly Option<int> _threads = CommonOptions.Threads();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _output, _preset, _tuner, _budgetTrials, _budgetTime, _corpus, _stories, _maxSteps, _promptCount, _completions, _maxNew, _base, _judge, _seed, _threads })
            command.Options.Add(option);
    }

    /// <summary>Options properties to the flags that set them, for errors.</summary>
    public IReadOnlyDictionary<string, string> Names => CommonOptions.Names(
        (nameof(SweepOptions.Preset), _preset), (nameof(SweepOptions.BudgetTrials), _budgetTrials), (nameof(SweepOptions.BudgetTime), _budgetTime),
        (nameof(SweepOptions.Threads), _threads), (CommonOptions.ThreadsProperty, _threads));

    public SweepOptions Read(ParseResult result) => new()
    {
        OutputDirectory = result.GetValue(_output)!.FullName,
        Preset = Scaled(SweepPresets.Get(result.GetValue(_preset)!), result),
        Tuner = Enum.TryParse<SweepTuner>(result.GetValue(_tuner), ignoreCase: true, out var tuner) && Enum.IsDefined(tuner)
            ? tuner : throw new UsageException($"--tuner must be grid, random or halving, not '{result.GetValue(_tuner)}'."),
        BudgetTrials = result.GetValue(_budgetTrials),
        BudgetTime = result.GetValue(_budgetTime) is { } time ? ParseDuration(time) : null,
        CorpusPath = result.GetValue(_corpus)?.FullName,
        BaseModelPath = result.GetValue(_base),
        Judge = result.GetValue(_judge),
        Seed = result.GetValue(_seed),
        Threads = result.GetValue(_threads),
    };

    /// <summary>The preset with the scale flags given on the command line.</summary>
    SweepPreset Scaled(SweepPreset preset, ParseResult result)
    {
        var scale = preset.Scale;
        scale = scale with
        {
            SyntheticStories = Positive(_stories, result) ?? scale.SyntheticStories,
            MaxSteps = Positive(_maxSteps, result) ?? scale.MaxSteps,
            PromptCount = Positive(_promptCount, result) ?? scale.PromptCount,
            CompletionsPerPrompt = Positive(_completions, result) ?? scale.CompletionsPerPrompt,
            MaxNewTokens = Positive(_maxNew, result) ?? scale.MaxNewTokens,
        };
        return preset with { Scale = scale };
    }

    static int? Positive(Option<int?> option, ParseResult result) => result.GetValue(option) switch
    {
        null => null,
        > 0 and var value => value,
        var value => throw new UsageException($"{option.Name} must be at least 1, not {value}."),
    };

    /// <summary>A wall time such as <c>2h</c>, <c>30m</c>, <c>45s</c> or <c>1h30m</c>.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var total = TimeSpan.Zero;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsAsciiDigit(text[i]) || text[i] == '.') continue;
            if (i == start || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value))
                throw Bad(text);
            total += char.ToLowerInvariant(text[i]) switch
            {
                'h' => TimeSpan.FromHours(value),
                'm' => TimeSpan.FromMinutes(value),
                's' => TimeSpan.FromSeconds(value),
                _ => throw Bad(text),
            };
            start = i + 1;
        }
        if (start != text.Length || total <= TimeSpan.Zero) throw Bad(text);
        return total;
    }

    static UsageException Bad(string text) => new($"--budget-time takes a positive duration such as 2h, 30m, 45s or 1h30m, not '{text}'.");
}
