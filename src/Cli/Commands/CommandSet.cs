using System.CommandLine;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

/// <summary>Every sctok command, in the order the help lists them.</summary>
public static class CommandSet
{
    public static IEnumerable<Command> All() =>
        [ExperimentCommand.Create(), CorpusCommand.Create(), AnnotateCommand.Create(), TrainCommand.Create(), GenerateCommand.Create(), PerplexityCommand.Create()];
}
