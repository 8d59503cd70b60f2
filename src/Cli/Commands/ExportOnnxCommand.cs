using System.CommandLine;
using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>sctok export-onnx</c>: writes a language model as ONNX graphs in Hugging Face Optimum's folder layout
/// (model.onnx, with --with-past decoder_with_past_model.onnx, config.json, tokenizer files).
/// </summary>
public static class ExportOnnxCommand
{
    public static Command Create()
    {
        var model = GenerateCommand.ModelOption();
        var output = new Option<DirectoryInfo>("--output", "-o") { Description = "Folder to write (new or empty).", Required = true };
        var withPast = new Option<bool>("--with-past")
        {
            Description = "Also write decoder_with_past_model.onnx: past_key_values in, present out, for generation one token at a time.",
        };
        var command = new Command("export-onnx", "Write a language model as ONNX: model.onnx (input_ids → logits), with --with-past the decoder with a key/value cache, config.json, tokenizer files.")
        {
            model, output, withPast,
        };
        command.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            var folder = Path.TrimEndingDirectorySeparator(result.GetValue(output)!.FullName);
            // Before the model is read: a full or missing folder is found at once.
            AtomicFolder.RequireNewOrEmpty(folder);
            AtomicFile.RequireFolderOf(folder, "--output");
            var lm = CausalLmTransformer.LoadFrom(new MLContext(), result.GetValue(model)!);
            bool past = result.GetValue(withPast);
            GptNeoOnnxExport.Export(lm.LanguageModel, folder, past);
            Console.Error.WriteLine($"wrote {GptNeoOnnxExport.ModelFileName}{(past ? $" and {GptNeoOnnxExport.WithPastFileName}" : "")} (ONNX opset {GptNeoOnnxExport.Opset}) to {folder}");
            return Task.FromResult(0);
        }));
        return command;
    }
}
