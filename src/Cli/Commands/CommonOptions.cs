using System.CommandLine;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

/// <summary>Options several commands share, with one definition each.</summary>
public static class CommonOptions
{
    public static Option<int> Seed() => new("--seed") { Description = "Random seed; the same seed gives the same output.", DefaultValueFactory = _ => 1 };

    /// <summary>The context property <see cref="Threads"/> sets.</summary>
    public const string ThreadsProperty = "ComputeThreads";

    public static Option<int> Threads() => new("--threads") { Description = "Worker threads for numeric work.", DefaultValueFactory = _ => Environment.ProcessorCount };

    /// <summary>
    /// Which options property each command-line option sets (e.g. BatchSize → --batch), so an
    /// <see cref="InvalidOptionException"/> names the option the user typed; see <see cref="CliErrors.RunAsync"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Names(params (string Property, Option Option)[] pairs) =>
        pairs.ToDictionary(p => p.Property, p => p.Option.Name);

    public static Option<FileInfo> Output(string description) => new("--output", "-o") { Description = description, Required = true };

    /// <summary>The causal-LM preset (model size, tokenizer size, training recipe), listed from the trainers' one table.</summary>
    public static Option<string> Preset() => new("--preset")
    {
        Description = "Model size and training recipe: " + string.Join("; ", CausalLmPresets.All.Select(p => $"{p.Name} ({p.Description})"))
            + "; or hidden:layers:heads with the default recipe.",
        DefaultValueFactory = _ => CausalLmDefaults.Preset,
    };
}
