using System.CommandLine;
using Microsoft.ML.SemanticContext.Experiments.Annotation;
using Microsoft.ML.SemanticContext.Experiments.Running;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>sctok experiment</c>: the main job. Trains a vanilla and cluster-token models on the same stories, completes the
/// same prompts, evaluates, tests the differences and writes report.md, report.html and results.jsonl.
/// </summary>
public static class ExperimentCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Experiment folder (created; rerunning reuses finished stages).", Required = true };
        var corpus = new Option<FileInfo?>("--corpus") { Description = "Corpus of stories (.txt, .jsonl, .json); default: the built-in synthetic corpus." };
        var maxStories = new Option<int?>("--max-stories") { Description = "Read at most this many stories of --corpus." };
        var stories = new Option<int>("--stories") { Description = "Stories in the built-in synthetic corpus.", DefaultValueFactory = _ => ExperimentOptions.DefaultSyntheticStories };
        var prompts = new Option<FileInfo?>("--prompts") { Description = "Prompt file (YAML list, JSONL or one per line); default: cut from held-out stories." };
        var promptCount = new Option<int?>("--prompt-count") { Description = "Prompts to use (default 20 cut prompts, or all of --prompts)." };
        var completions = new Option<int>("--completions") { Description = "Completions per prompt and model.", DefaultValueFactory = _ => 10 };
        var preset = CommonOptions.Preset();
        var configs = new Option<string[]>("--configs") { Description = "Cluster-token configurations, e.g. s2-k5-prepend s1-k32-postpend.", DefaultValueFactory = _ => ["s2-k5-prepend"], AllowMultipleArgumentsPerToken = true };
        var judge = new Option<bool>("--judge") { Description = "Grade with an LLM judge (OPENAI_API_KEY, optional OPENAI_BASE_URL for vLLM/Ollama/llama.cpp/Azure)." };
        var judgeModel = new Option<string?>("--judge-model") { Description = "Judge model (default gpt-4o-mini)." };
        var judgeMinutes = new Option<double?>("--judge-time-limit") { Description = "Minutes the judge may take in all; when spent, the report is written with the judge marked incomplete (default: no limit)." };
        var keepTokens = new Option<bool>("--keep-cluster-tokens") { Description = "Evaluate the text with its plan tokens." };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Optimizer steps per model (overrides the preset)." };
        var baseModel = new Option<string?>("--base") { Description = "Fine-tune every model from this base model (a Hugging Face GPT-Neo folder or a model .zip) with its tokenizer and the paper's settings, instead of training from scratch." };
        var seqLen = new Option<int?>("--seq-len") { Description = "Tokens per training sequence (default: the recipe's)." };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens generated per completion.", DefaultValueFactory = _ => 160 };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var stageModels = new StageModelOptions();

        var command = new Command("experiment", "Run the whole protocol: annotate, train vanilla and cluster-token models, generate, evaluate, report.")
        {
            output, corpus, maxStories, stories, prompts, promptCount, completions, preset, configs, judge, judgeModel, judgeMinutes, keepTokens, maxSteps, baseModel, seqLen, maxNew, seed, threads,
        };
        stageModels.AddTo(command);
        command.SetAction((result, cancel) => CliErrors.RunAsync(async () =>
        {
            var options = new ExperimentOptions
            {
                OutputDirectory = result.GetValue(output)!.FullName,
                CorpusPath = result.GetValue(corpus)?.FullName,
                MaxStories = result.GetValue(maxStories),
                SyntheticStories = result.GetValue(stories),
                PromptsPath = result.GetValue(prompts)?.FullName,
                PromptCount = result.GetValue(promptCount),
                CompletionsPerPrompt = result.GetValue(completions),
                Preset = result.GetValue(preset)!,
                Configurations = result.GetValue(configs)!.Select(AnnotationConfig.Parse).ToList(),
                Judge = result.GetValue(judge),
                JudgeModel = result.GetValue(judgeModel),
                JudgeTimeBudget = result.GetValue(judgeMinutes) switch
                {
                    null => null,
                    > 0 and var minutes => TimeSpan.FromMinutes(minutes),
                    var minutes => throw new UsageException($"--judge-time-limit must be a positive number of minutes, not {minutes}."),
                },
                KeepClusterTokens = result.GetValue(keepTokens),
                MaxSteps = result.GetValue(maxSteps),
                BaseModelPath = result.GetValue(baseModel),
                SequenceLength = result.GetValue(seqLen),
                MaxNewTokens = result.GetValue(maxNew),
                Seed = result.GetValue(seed),
                Threads = result.GetValue(threads),
                Models = stageModels.Read(result),
            };
            var summary = await new ExperimentRunner(options, new ConsoleProgress(), m => Console.Error.WriteLine($"info: {m}")).RunAsync(cancel);
            ExperimentSummaryPrinter.Print(summary, Console.Out);
            if (summary.Evaluation.Judge is { IsComplete: false } stopped)
            {
                Console.Error.WriteLine($"error: {stopped.StopReason} The report was written with the judge section marked incomplete "
                    + $"({stopped.Unjudged.Count} samples not judged); rerun the same command to judge only those.");
                return CliErrors.BadInput;
            }
            return 0;
        }, CommonOptions.Names(
            (nameof(ExperimentOptions.Configurations), configs), (nameof(AnnotationConfig.SentencesPerChunk), configs), (nameof(AnnotationConfig.K), configs),
            (nameof(ExperimentOptions.Preset), preset), (nameof(ExperimentOptions.MaxStories), maxStories),
            (nameof(ExperimentOptions.SyntheticStories), stories), (nameof(ExperimentOptions.PromptCount), promptCount),
            (nameof(ExperimentOptions.CompletionsPerPrompt), completions), (nameof(ExperimentOptions.MaxSteps), maxSteps),
            (nameof(ExperimentOptions.MaxNewTokens), maxNew),
            (nameof(ExperimentOptions.JudgeModel), judgeModel), (nameof(ExperimentOptions.Threads), threads), (CommonOptions.ThreadsProperty, threads))));
        return command;
    }
}
