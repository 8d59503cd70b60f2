using System.CommandLine;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>sctok export</c>: writes a language model as a Hugging Face folder that <c>from_pretrained</c> loads as it is
/// (config, weights, tokenizer files with the plan tokens, model card).
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = GenerateCommand.ModelOption();
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder to write (new or empty).", Required = true };
        var command = new Command("export", "Write a model as a Hugging Face folder: config.json, model.safetensors, tokenizer files, README.md.") { model, output };
        command.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            var folder = Path.TrimEndingDirectorySeparator(result.GetValue(output)!.FullName);
            AtomicFile.RequireFolderOf(folder, "--output");  // before the model is read
            var lm = CausalLmTransformer.LoadFrom(new MLContext(), result.GetValue(model)!);
            lm.ExportHuggingFace(folder);
            Console.Error.WriteLine($"wrote a Hugging Face folder to {folder}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
