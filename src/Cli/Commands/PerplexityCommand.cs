using System.CommandLine;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

/// <summary><c>sctok perplexity</c>: perplexity of a held-out corpus; cluster tokens are read but not counted.</summary>
public static class PerplexityCommand
{
    public static Command Create()
    {
        var corpus = new Argument<FileInfo>("corpus") { Description = "Held-out corpus (annotated or plain)." };
        var model = new Option<string>("--model") { Description = "An lm.zip from `sctok train`, or a Hugging Face GPT-Neo folder with tokenizer files.", Required = true };
        var batch = new Option<int>("--batch") { Description = "Texts scored together.", DefaultValueFactory = _ => 8 };
        var threads = CommonOptions.Threads();

        var command = new Command("perplexity", "Perplexity of held-out text, excluding cluster tokens from the count.") { corpus, model, batch, threads };
        command.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            var run = new PerplexityRun
            {
                Model = result.GetValue(model)!,
                Corpus = result.GetValue(corpus)!.FullName,
                BatchSize = result.GetValue(batch),
                Threads = result.GetValue(threads),
            };
            Console.WriteLine(run.Execute(message => Console.Error.WriteLine($"info: {message}")));
            return Task.FromResult(0);
        }));
        return command;
    }
}
