using System.CommandLine;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

/// <summary><c>sctok generate</c>: continues a prompt with a trained model.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "An lm.zip from `sctok train`, or a Hugging Face GPT-Neo folder with tokenizer files.", Required = true };
        var prompt = new Option<string>("--prompt") { Description = "Text to continue (may contain <cluster_i> tokens).", DefaultValueFactory = _ => "" };
        var count = new Option<int>("-n") { Description = "Number of continuations (generated as one batch).", DefaultValueFactory = _ => 1 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Most new tokens per continuation.", DefaultValueFactory = _ => 200 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature; 0 is greedy.", DefaultValueFactory = _ => 1f };
        var topK = new Option<int>("--top-k") { Description = "Sample among the k most likely tokens (0: all).", DefaultValueFactory = _ => 0 };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling mass (1: off).", DefaultValueFactory = _ => 1f };
        var keep = new Option<bool>("--keep-cluster-tokens") { Description = "Show the model's <cluster_i> plan tokens instead of stripping them." };
        var threads = CommonOptions.Threads();
        var seed = CommonOptions.Seed();

        var command = new Command("generate", "Generate story continuations with a trained model.")
        {
            model, prompt, count, maxTokens, temperature, topK, topP, keep, threads, seed,
        };
        command.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            var run = new GenerateRun
            {
                Model = result.GetValue(model)!,
                Prompt = result.GetValue(prompt)!,
                Count = result.GetValue(count),
                Sampling = new SamplingOptions
                {
                    MaxNewTokens = result.GetValue(maxTokens),
                    Temperature = result.GetValue(temperature),
                    TopK = result.GetValue(topK),
                    TopP = result.GetValue(topP),
                    Seed = result.GetValue(seed),
                },
                KeepClusterTokens = result.GetValue(keep),
                Threads = result.GetValue(threads),
            };
            var outputs = run.Execute(message => Console.Error.WriteLine($"info: {message}"));
            for (int i = 0; i < outputs.Count; i++)
            {
                if (outputs.Count > 1) Console.WriteLine($"--- {i + 1} ---");
                Console.WriteLine(outputs[i].Text);
            }
            return Task.FromResult(0);
        }));
        return command;
    }
}
