using System.CommandLine;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

/// <summary><c>sctok train</c>: trains or fine-tunes a GPT-Neo causal language model on a corpus and writes lm.zip.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var corpus = new Argument<FileInfo>("corpus") { Description = "Training corpus, annotated (with <cluster_i> tokens) or plain: .txt with <|endoftext|> separators, .jsonl/.json, or one story per line." };
        var output = CommonOptions.Output("Model .zip to write.");
        var preset = new Option<string>("--preset") { Description = "Model size for training from scratch: 1M, 33M or hidden:layers:heads.", DefaultValueFactory = _ => CausalLmDefaults.Preset };
        var from = new Option<string?>("--from") { Description = "Fine-tune this model: a Hugging Face GPT-Neo folder or an lm.zip." };
        var tokenizer = new Option<DirectoryInfo?>("--tokenizer") { Description = "Folder with GPT-2 tokenizer files (vocab.json + merges.txt, or encoder.json + vocab.bpe)." };
        var vocabSize = new Option<int>("--vocab-size") { Description = "Train a BPE of this many tokens when neither --tokenizer nor --from is given.", DefaultValueFactory = _ => CausalLmDefaults.TrainedVocabularySize };
        var validation = new Option<FileInfo?>("--validation") { Description = "Held-out corpus for validation and early stopping (default: the last 5% of the corpus)." };
        var paper = new Option<bool>("--paper") { Description = "Start from the paper's settings: lr 5e-6, batch 4, accumulation 2, early stopping patience 3." };
        var batch = new Option<int?>("--batch") { Description = $"Sequences per batch (default {CausalLmDefaults.BatchSize})." };
        var seqLen = new Option<int?>("--seq-len") { Description = $"Tokens per training sequence (default {CausalLmDefaults.SequenceLength})." };
        var maxSteps = new Option<int?>("--max-steps") { Description = "Optimizer steps to run (default: whole epochs)." };
        var epochs = new Option<int?>("--epochs") { Description = "Passes over the corpus when --max-steps is not given (default 1)." };
        var lr = new Option<float?>("--lr") { Description = $"Peak learning rate (default {CausalLmDefaults.LearningRate})." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in <output>.checkpoints/ after an interruption." };
        var threads = CommonOptions.Threads();
        var seed = CommonOptions.Seed();

        var command = new Command("train", "Train (or fine-tune) a GPT-Neo causal language model.")
        {
            corpus, output, preset, from, tokenizer, vocabSize, validation, paper, batch, seqLen, maxSteps, epochs, lr, resume, threads, seed,
        };
        command.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            var target = result.GetValue(output)!;
            CommonOptions.RequireParentFolder(target, "Model");
            var bar = new ConsoleProgress();
            var run = new TrainRun
            {
                Corpus = result.GetValue(corpus)!.FullName,
                Output = target.FullName,
                ValidationCorpus = result.GetValue(validation)?.FullName,
                Preset = result.GetValue(preset)!,
                From = result.GetValue(from),
                Tokenizer = result.GetValue(tokenizer)?.FullName,
                VocabularySize = result.GetValue(vocabSize),
                PaperSettings = result.GetValue(paper),
                BatchSize = result.GetValue(batch),
                SequenceLength = result.GetValue(seqLen),
                MaxSteps = result.GetValue(maxSteps),
                Epochs = result.GetValue(epochs),
                LearningRate = result.GetValue(lr),
                Resume = result.GetValue(resume),
                Threads = result.GetValue(threads),
                Seed = result.GetValue(seed),
                Progress = new TrainingBar(bar),
            };
            try
            {
                run.Execute(message => Console.Error.WriteLine($"info: {message}"));
            }
            catch (TrainingDivergedException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Task.FromResult(CliErrors.BadInput);
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>Shows training steps on the shared progress bar: loss, validation loss, tokens/s (the bar adds the ETA).</summary>
    sealed class TrainingBar(IProgress<ProgressEvent> bar) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p) => bar.Report(new ProgressEvent("train", p.Step, p.TotalSteps,
            $"loss {p.Loss:F3}{(p.ValidationLoss is float v ? $" val {v:F3}" : "")} {p.TokensPerSecond:N0} tok/s"));
    }
}
