using System.CommandLine;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary><c>sctok generate</c>: continues a prompt with a trained model (KV cache, seeded sampling).</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var model = ModelOption();
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
            var lm = CausalLmTransformer.LoadFrom(ml, result.GetValue(model)!);
            var sampling = new SamplingOptions
            {
                MaxNewTokens = result.GetValue(maxTokens),
                Temperature = result.GetValue(temperature),
                TopK = result.GetValue(topK),
                TopP = result.GetValue(topP),
                Seed = result.GetValue(seed),
            };
            foreach (var text in lm.Generate(result.GetValue(prompt)!, result.GetValue(count), sampling, result.GetValue(keep)))
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

    /// <summary>A language model: a model .zip written by sctok train, or a Hugging Face GPT-Neo folder.</summary>
    public static Option<string> ModelOption() => new("--model")
    {
        Description = "A model .zip written by sctok train, or a Hugging Face GPT-Neo folder (e.g. one sctok export wrote).",
        Required = true,
        CustomParser = parsed => Path.GetFullPath(parsed.Tokens.Single().Value),
    };
}
