using System.CommandLine;
using Microsoft.ML.SemanticContext.Experiments.Annotation;
using Microsoft.ML.SemanticContext.Transforms.Clustering;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>sctok annotate</c>: fits (or loads) the annotation pipeline, writes the corpus with a cluster token at every
/// chunk in the input's own format, and a cluster report beside it.
/// </summary>
public static class AnnotateCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "Corpus: TinyStories .txt (<|endoftext|> separators), .jsonl/.json with a 'story' or 'text' field, or one story per line." };
        var output = CommonOptions.Output("Annotated corpus to write (same format as the input).");
        var sentences = new Option<int>("--sentences") { Description = "Sentences per chunk.", DefaultValueFactory = _ => 2 };
        var k = new Option<int>("--k") { Description = "Number of clusters (cluster tokens).", DefaultValueFactory = _ => 5 };
        var placement = new Option<string>("--placement") { Description = "prepend (plan) or postpend (summary).", DefaultValueFactory = _ => "prepend" };
        var namesFile = new Option<FileInfo?>("--names-file") { Description = "Optional first-names list (one per line) that helps the name masker." };
        var saveModel = new Option<FileInfo?>("--save-model") { Description = "Write the fitted pipeline to this .zip." };
        var model = new Option<FileInfo?>("--model") { Description = "Use a pipeline saved with --save-model instead of fitting one." };
        var fitStories = new Option<int>("--fit-stories") { Description = "Fit on at most this many stories (the first ones); the whole corpus is annotated.", DefaultValueFactory = _ => AnnotationRun.DefaultFitStories };
        var seed = CommonOptions.Seed();
        var stageModels = new StageModelOptions();

        var command = new Command("annotate", "Write a <cluster_i> token before (or after) every chunk of every story.")
        {
            input, output, sentences, k, placement, namesFile, saveModel, model, fitStories, seed,
        };
        stageModels.AddTo(command);
        command.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            // A saved pipeline fixes its chunking, clusters, placement and names; a flag that would change them is a mistake.
            if (result.GetValue(model) is not null)
                foreach (Option fitting in new Option[] { sentences, k, placement, namesFile })
                    if (result.GetResult(fitting) is { Implicit: false })
                        throw new UsageException($"{fitting.Name} cannot be combined with --model: the saved pipeline fixes it.");
            var run = new AnnotationRun
            {
                Input = result.GetValue(input)!.FullName,
                Output = result.GetValue(output)!.FullName,
                Config = new AnnotationConfig(result.GetValue(sentences), result.GetValue(k), ParsePlacement(result.GetValue(placement)!)),
                NamesFile = result.GetValue(namesFile)?.FullName,
                Models = stageModels.Read(result),
                SaveModel = result.GetValue(saveModel)?.FullName,
                LoadModel = result.GetValue(model)?.FullName,
                FitStories = result.GetValue(fitStories),
                Seed = result.GetValue(seed),
                Progress = new ConsoleProgress(),
                Cancellation = cancel,
            };
            var outcome = run.Execute(message => Console.Error.WriteLine($"info: {message}"));
            Console.Error.WriteLine($"wrote {outcome.StoriesWritten:N0} annotated stories to {run.Output}");
            return Task.FromResult(0);
        }, CommonOptions.Names((nameof(AnnotationConfig.SentencesPerChunk), sentences), (nameof(AnnotationConfig.K), k))));
        return command;
    }

    public static Placement ParsePlacement(string value) => value.ToLowerInvariant() switch
    {
        "prepend" => Placement.Prepend,
        "postpend" => Placement.Postpend,
        _ => throw new UsageException($"--placement must be 'prepend' or 'postpend', not '{value}'."),
    };
}
