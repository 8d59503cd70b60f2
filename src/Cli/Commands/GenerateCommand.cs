using System.CommandLine;
using Microsoft.ML.SemanticContext.Onnx.Export;
using Microsoft.ML.SemanticContext.Onnx.Generation;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary>
/// <c>sctok generate</c>: continues a prompt with a trained model (KV cache, seeded sampling): a model .zip, a Hugging
/// Face folder, or an ONNX export folder run in ONNX Runtime.
/// </summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var model = ModelOption();
        model.Description += " Or a folder sctok export-onnx wrote, run in ONNX Runtime (with the key/value cache when it has decoder_with_past_model.onnx).";
        var prompt = new Option<string>("--prompt") { Description = "The story beginning to continue.", Required = true };
        var count = new Option<int>("-n") { Description = "Continuations to generate (one batch).", DefaultValueFactory = _ => 1 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "New tokens per continuation at most.", DefaultValueFactory = _ => CausalLmDefaults.MaxNewTokens };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature (0 = greedy).", DefaultValueFactory = _ => CausalLmDefaults.Temperature };
        var topK = new Option<int>("--top-k") { Description = "Sample from the k most likely tokens (0 = all).", DefaultValueFactory = _ => CausalLmDefaults.TopK };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling mass.", DefaultValueFactory = _ => CausalLmDefaults.TopP };
        var keep = new Option<bool>("--keep-cluster-tokens") { Description = "Show the model's <cluster_i> plan tokens." };
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var command = new Command("generate", "Continue a prompt with a trained model.") { model, prompt, count, maxTokens, temperature, topK, topP, keep, seed, threads };
        command.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            var ml = new MLContext(result.GetValue(seed)) { ComputeThreads = result.GetValue(threads) };
            var sampling = new SamplingOptions
            {
                MaxNewTokens = result.GetValue(maxTokens),
                Temperature = result.GetValue(temperature),
                TopK = result.GetValue(topK),
                TopP = result.GetValue(topP),
                Seed = result.GetValue(seed),
            };
            foreach (var text in Generate(ml, result.GetValue(model)!, result.GetValue(prompt)!, result.GetValue(count), sampling, result.GetValue(keep)))
            {
                Console.WriteLine(text.Text);
                Console.WriteLine();
            }
            return Task.FromResult(0);
        }, CommonOptions.Names(
            (nameof(SamplingOptions.MaxNewTokens), maxTokens), (nameof(SamplingOptions.Temperature), temperature),
            (nameof(SamplingOptions.TopK), topK), (nameof(SamplingOptions.TopP), topP), (CommonOptions.ThreadsProperty, threads))));
        return command;
    }

    /// <summary>
    /// Continues <paramref name="prompt"/> with the model at <paramref name="path"/>: an ONNX export folder (a graph
    /// sctok export-onnx writes) in ONNX Runtime, a model .zip or a Hugging Face folder with the C# kernels.
    /// </summary>
    static IReadOnlyList<GeneratedText> Generate(MLContext ml, string path, string prompt, int count, SamplingOptions sampling, bool keepClusterTokens)
    {
        if (Directory.Exists(path) && OnnxCausalLanguageModel.IsExportFolder(path))
        {
            using var onnx = OnnxCausalLanguageModel.Open(path, ContextDevice.Of(ml), ml.ComputeThreads);
            return onnx.Generate(prompt, count, sampling, keepClusterTokens);
        }
        if (Directory.Exists(path) && !GptNeoCheckpoint.HasWeights(path))
            throw new InvalidDataException(
                $"'{path}' is neither an ONNX export ({GptNeoOnnxExport.WithPastFileName} or {GptNeoOnnxExport.ModelFileName}, as sctok export-onnx writes) " +
                $"nor a Hugging Face GPT-Neo folder ({GptNeoCheckpoint.WeightsFileName} or {ShardedSafeTensors.IndexFileName}); found {OnnxCausalLanguageModel.Listing(path)}.");
        return CausalLmTransformer.LoadFrom(ml, path).Generate(prompt, count, sampling, keepClusterTokens);
    }

    /// <summary>A language model: a model .zip written by sctok train, or a Hugging Face GPT-Neo folder.</summary>
    public static Option<string> ModelOption() => new("--model")
    {
        Description = "A model .zip written by sctok train, or a Hugging Face GPT-Neo folder (e.g. one sctok export wrote).",
        Required = true,
        CustomParser = parsed => Path.GetFullPath(parsed.Tokens.Single().Value),
    };
}
