using System.CommandLine;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

/// <summary>Options several commands share, with one definition each.</summary>
public static class CommonOptions
{
    public static Option<int> Seed() => new("--seed") { Description = "Random seed; the same seed gives the same output.", DefaultValueFactory = _ => 1 };

    public static Option<int> Threads() => new("--threads") { Description = "Worker threads for numeric work.", DefaultValueFactory = _ => Environment.ProcessorCount };

    public static Option<FileInfo> Output(string description) => new("--output", "-o") { Description = description, Required = true };
}
