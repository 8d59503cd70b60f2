using System.CommandLine;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Numerics;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

/// <summary>
/// <c>sctok train</c>: trains (or fine-tunes) a GPT-Neo causal LM on a corpus, plain or annotated, and saves it as a
/// model .zip. Checkpoints go to <c>&lt;output&gt;.checkpoint/</c>; <c>--resume</c> continues after a kill.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var corpus = new Argument<FileInfo>("corpus") { Description = "Training stories (.txt, .jsonl, .json); cluster tokens in the text are learned as plan tokens." };
        var output = CommonOptions.Output("Model .zip to write.");
        var validation = new Option<FileInfo?>("--validation") { Description = "Validation stories for early stopping; default: the last 5% of the corpus." };
        var preset = new Option<string>("--preset") { Description = "Model size for training from scratch: 1M, 33M or hidden:layers:heads.", DefaultValueFactory = _ => CausalLmDefaults.Preset };
        var from = new Option<string?>("--from") { Description = "Fine-tune this model: a Hugging Face GPT-Neo folder or a model .zip." };
        var tokenizer = new Option<DirectoryInfo?>("--tokenizer") { Description = "Tokenizer folder (GPT-2 vocab.json + merges.txt, or encoder.json + vocab.bpe)." };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Vocabulary of the BPE trained on the corpus when no tokenizer is given.", DefaultValueFactory = _ => CausalLmDefaults.TrainedVocabularySize };
        var batch = new Option<int>("--batch") { Description = "Sequences per micro-batch.", DefaultValueFactory = _ => CausalLmDefaults.BatchSize };
        var accumulation = new Option<int>("--accumulation") { Description = "Micro-batches per optimizer step.", DefaultValueFactory = _ => CausalLmDefaults.GradientAccumulationSteps };
        var seqLen = new Option<int>("--seq-len") { Description = "Tokens per training sequence.", DefaultValueFactory = _ => CausalLmDefaults.SequenceLength };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate (AdamW).", DefaultValueFactory = _ => CausalLmDefaults.LearningRate };
        var schedule = new Option<LearningRateScheduleKind>("--schedule") { Description = "Learning-rate schedule.", DefaultValueFactory = _ => LearningRateScheduleKind.Constant };
        var warmup = new Option<int>("--warmup") { Description = "Warm-up steps.", DefaultValueFactory = _ => CausalLmDefaults.WarmupSteps };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Stop after this many optimizer steps." };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the corpus (when --max-steps is not given).", DefaultValueFactory = _ => CausalLmDefaults.Epochs };
        var patience = new Option<int?>("--patience") { Description = "Early stopping: validations without improvement before stopping." };
        var paper = new Option<bool>("--paper") { Description = "The paper's fine-tuning settings: lr 5e-6, batch 4, accumulation 2, patience 3." };
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
            AtomicFile.RequireFolderOf(outputFile.FullName, "output");
            Parallelism.MaxThreads = result.GetValue(threads);
            var training = result.GetValue(paper)
                ? CausalLmTrainingOptions.PaperPreset
                : new CausalLmTrainingOptions
                {
                    BatchSize = result.GetValue(batch),
                    GradientAccumulationSteps = result.GetValue(accumulation),
                    LearningRate = result.GetValue(lr),
                    EarlyStoppingPatience = result.GetValue(patience),
                };
            training = training with
            {
                SequenceLength = result.GetValue(seqLen),
                Schedule = result.GetValue(schedule),
                WarmupSteps = result.GetValue(warmup),
                MaxSteps = result.GetValue(maxSteps),
                Epochs = result.GetValue(epochs),
                CheckpointDirectory = outputFile.FullName + ".checkpoint",
                Resume = result.GetValue(resume),
            };
            var ml = new MLContext(result.GetValue(seed)) { Progress = new ConsoleProgress() };
            ml.Log += m => Console.Error.WriteLine($"info: {m}");
            var stories = ml.Data.LoadCorpus(result.GetValue(corpus)!.FullName).Materialize();
            var (train, held) = Split(ml, stories, result.GetValue(validation));
            var trainer = ml.Trainers.CausalLm(new CausalLmTrainerOptions
            {
                Preset = result.GetValue(preset)!,
                BaseModelPath = result.GetValue(from),
                TokenizerPath = result.GetValue(tokenizer)?.FullName,
                VocabularySize = result.GetValue(vocabSize),
                Training = training,
                Seed = result.GetValue(seed),
            });
            var model = trainer.Fit(train, held);
            ml.Model.Save(model, outputFile.FullName);
            Console.Error.WriteLine($"saved {outputFile}");
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>An explicit validation file, or the last 5 % of the stories (at least one) held out from training.</summary>
    static (IDataView Train, IDataView? Validation) Split(MLContext ml, InMemoryDataView stories, FileInfo? validation)
    {
        if (stories.Rows.Count == 0) throw new InvalidDataException("The training corpus holds no stories.");
        if (validation is not null) return (stories, ml.Data.LoadCorpus(validation.FullName).Materialize());
        if (stories.Rows.Count < 20) return (stories, null);
        int held = Math.Max(1, stories.Rows.Count / 20);
        var rows = stories.Rows;
        return (new InMemoryDataView(stories.Schema, rows.Take(rows.Count - held).ToList()),
                new InMemoryDataView(stories.Schema, rows.Skip(rows.Count - held).ToList()));
    }
}
