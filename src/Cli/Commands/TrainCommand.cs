using System.CommandLine;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>sctok train</c>: trains (or fine-tunes) a GPT-Neo causal LM on a corpus, plain or annotated, with
/// <c>ml.TextGeneration.Trainers.CausalLm</c> and saves it as a model .zip. The preset gives the model size and the
/// training recipe; each training flag that is given replaces the recipe's value. Checkpoints go to
/// <c>&lt;output&gt;.checkpoint/</c>; <c>--resume</c> continues after a kill.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var corpus = new Argument<FileInfo>("corpus") { Description = "Training stories (.txt, .jsonl, .json); cluster tokens in the text are learned as plan tokens." };
        var output = CommonOptions.Output("Model .zip to write.");
        var validation = new Option<FileInfo?>("--validation") { Description = "Validation stories for early stopping; default: the last 5% of the corpus." };
        var preset = CommonOptions.Preset();
        var from = new Option<string?>("--base", "--from") { Description = "Fine-tune this base model: a Hugging Face GPT-Neo folder or a model .zip (its shape and tokenizer; the recipe defaults to the paper's fine-tuning settings)." };
        var tokenizer = new Option<DirectoryInfo?>("--tokenizer") { Description = "Tokenizer folder (GPT-2 vocab.json + merges.txt, a Hugging Face tokenizer.json, or encoder.json + vocab.bpe)." };
        var vocabSize = new Option<int?>("--vocab-size") { Description = "Ids of the BPE trained on the corpus when no tokenizer is given (default: the preset's); plan tokens come on top." };
        var batch = new Option<int?>("--batch") { Description = "Sequences per micro-batch (default: the preset's)." };
        var accumulation = new Option<int?>("--accumulation") { Description = "Micro-batches per optimizer step (default: the preset's)." };
        var seqLen = new Option<int?>("--seq-len") { Description = "Tokens per training sequence (default: the preset's)." };
        var lr = new Option<float?>("--lr") { Description = "Peak learning rate of AdamW (default: the preset's)." };
        var schedule = new Option<LearningRateScheduleKind?>("--schedule") { Description = "Learning-rate schedule (default: the preset's)." };
        var warmup = new Option<int?>("--warmup") { Description = "Warm-up steps (default: the preset's)." };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Stop after this many optimizer steps (default: the preset's epochs)." };
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the corpus when --max-steps is not given (default: the preset's)." };
        var patience = new Option<int?>("--patience") { Description = "Early stopping: validations without improvement before stopping (default: the preset's)." };
        var paper = new Option<bool>("--paper") { Description = "The paper's fine-tuning settings on top of the preset: lr 5e-6, batch 4, accumulation 2, patience 3." };
        var resume = new Option<bool>("--resume") { Description = "Continue from <output>.checkpoint/ after an interruption." };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();

        var command = new Command("train", "Train or fine-tune a GPT-Neo causal language model and save it as a model .zip.")
        {
            corpus, output, validation, preset, from, tokenizer, vocabSize, batch, accumulation, seqLen, lr, schedule, warmup, maxSteps, epochs, patience, paper, resume, seed, threads,
        };
        command.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            var outputFile = result.GetValue(output)!;
            using var claim = OutputFiles.Claim([("--output", outputFile.FullName)],
                [("training corpus", result.GetValue(corpus)!.FullName), ("--validation", result.GetValue(validation)?.FullName), ("--base", result.GetValue(from))]);
            var recipe = CausalLmPresets.Get(result.GetValue(preset)!).Recipe(fineTuning: result.GetValue(from) is not null);
            if (result.GetValue(paper)) recipe = recipe.WithPaperSettings();
            var training = recipe with
            {
                BatchSize = result.GetValue(batch) ?? recipe.BatchSize,
                GradientAccumulationSteps = result.GetValue(accumulation) ?? recipe.GradientAccumulationSteps,
                SequenceLength = result.GetValue(seqLen) ?? recipe.SequenceLength,
                LearningRate = result.GetValue(lr) ?? recipe.LearningRate,
                Schedule = result.GetValue(schedule) ?? recipe.Schedule,
                WarmupSteps = result.GetValue(warmup) ?? recipe.WarmupSteps,
                MaxSteps = result.GetValue(maxSteps) ?? recipe.MaxSteps,
                Epochs = result.GetValue(epochs) ?? recipe.Epochs,
                EarlyStoppingPatience = result.GetValue(patience) ?? recipe.EarlyStoppingPatience,
                // A device output (e.g. /dev/null) has no folder beside it for checkpoints.
                CheckpointDirectory = OutputFiles.IsSpecialFile(outputFile.FullName) ? null : outputFile.FullName + ".checkpoint",
                Resume = result.GetValue(resume),
            };
            var ml = new MLContext(result.GetValue(seed)) { ComputeThreads = result.GetValue(threads), Progress = new ConsoleProgress(), Cancellation = cancel };
            ml.LogInfoTo(message => Console.Error.WriteLine($"info: {message}"));
            var trainer = ml.TextGeneration.Trainers.CausalLm(new CausalLmTrainerOptions
            {
                Preset = result.GetValue(preset)!,
                BaseModelPath = result.GetValue(from),
                TokenizerPath = result.GetValue(tokenizer)?.FullName,
                VocabularySize = result.GetValue(vocabSize),
                Training = training,
                Seed = result.GetValue(seed),
                DataName = result.GetValue(corpus)!.Name + (result.GetValue(validation) is { } v ? $" (validation: {v.Name})" : ""),
            });
            var (train, held) = Split(ml, result.GetValue(corpus)!, result.GetValue(validation));
            var model = trainer.Fit(train, held);
            ml.Model.SemanticContext.Save(model, train.Schema, outputFile.FullName);
            Console.Error.WriteLine($"saved {outputFile}");
            return Task.FromResult(0);
        }, CommonOptions.Names(
            (nameof(CausalLmTrainingOptions.BatchSize), batch), (nameof(CausalLmTrainingOptions.GradientAccumulationSteps), accumulation),
            (nameof(CausalLmTrainingOptions.SequenceLength), seqLen), (nameof(CausalLmTrainingOptions.LearningRate), lr),
            (nameof(CausalLmTrainingOptions.WarmupSteps), warmup), (nameof(CausalLmTrainingOptions.MaxSteps), maxSteps),
            (nameof(CausalLmTrainingOptions.Epochs), epochs), (nameof(CausalLmTrainingOptions.EarlyStoppingPatience), patience),
            (nameof(CausalLmTrainerOptions.Preset), preset), (nameof(CausalLmTrainerOptions.VocabularySize), vocabSize),
            (nameof(CausalLmTrainerOptions.TokenizerPath), tokenizer), (CommonOptions.ThreadsProperty, threads))));
        return command;
    }

    /// <summary>An explicit validation file, or the last 5 % of the stories (at least one) held out from training.</summary>
    static (IDataView Train, IDataView? Validation) Split(MLContext ml, FileInfo corpus, FileInfo? validation)
    {
        var stories = StoryRows.Texts(ml.Data.LoadCorpus(corpus.FullName), ColumnNames.Text).ToList();
        if (stories.Count == 0) throw new InvalidDataException($"{corpus}: the training corpus holds no stories.");
        if (validation is not null) return (ml.Data.LoadFromTexts(stories), ml.Data.LoadCorpus(validation.FullName));
        if (stories.Count < 20) return (ml.Data.LoadFromTexts(stories), null);
        int held = Math.Max(1, stories.Count / 20);
        return (ml.Data.LoadFromTexts(stories[..^held]), ml.Data.LoadFromTexts(stories[^held..]));
    }
}
