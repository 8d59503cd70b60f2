using System.CommandLine;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary><c>sctok perplexity</c>: held-out perplexity per plain-text token, plan tokens paid for; one line per figure.</summary>
public static class PerplexityCommand
{
    public static Command Create()
    {
        var model = GenerateCommand.ModelOption();
        var corpus = new Argument<FileInfo>("corpus") { Description = "Held-out stories (.txt, .jsonl, .json), plain or annotated (a plan-token model is charged for plans at the annotated slots)." };
        var threads = CommonOptions.Threads();
        var command = new Command("perplexity", "Perplexity of a model on held-out stories per plain-text token; a plan-token model pays for its plan tokens.") { model, corpus, threads };
        command.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            var ml = new MLContext { ComputeThreads = result.GetValue(threads) };
            var lm = CausalLmTransformer.LoadFrom(ml, result.GetValue(model)!);
            var stories = ml.Data.LoadCorpus(result.GetValue(corpus)!.FullName);
            var texts = StoryRows.Texts(stories, ColumnNames.Text).ToList();
            if (texts.Count == 0) throw new InvalidDataException($"{result.GetValue(corpus)}: the corpus holds no stories.");
            foreach (var figure in lm.Perplexity(ml.Data.LoadFromTexts(texts), ColumnNames.Text)) Console.WriteLine(figure);
            return Task.FromResult(0);
        }, CommonOptions.Names((CommonOptions.ThreadsProperty, threads))));
        return command;
    }
}
