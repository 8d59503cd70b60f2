using System.CommandLine;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary>Every sctok command, in the order the help lists them.</summary>
public static class CommandSet
{
    public static IEnumerable<Command> All() =>
        [ExperimentCommand.Create(), CorpusCommand.Create(), AnnotateCommand.Create(), TrainCommand.Create(), ExportCommand.Create(), ExportOnnxCommand.Create(), GenerateCommand.Create(), PerplexityCommand.Create(), SweepCommand.Create()];
}
