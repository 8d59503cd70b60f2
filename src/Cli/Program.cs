using System.CommandLine;
using Microsoft.ML.SemanticContext.Cli;
using Microsoft.ML.SemanticContext.Cli.Commands;

// sctok: the command-line face of the library. Each command lives in its own file under Commands/.
var root = new RootCommand("sctok: semantic context tokens for small causal language models (annotate, train, generate, evaluate).");
foreach (var command in CommandSet.All()) root.Subcommands.Add(command);
var parsed = root.Parse(args);
// CliSignals, not System.CommandLine, handles Ctrl-C and SIGTERM, so that work stops at a safe point however long it takes.
int exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, CliSignals.Listen());
// System.CommandLine prints parse errors and the usage itself; exit 2 marks them as usage errors, as UsageException does.
return parsed.Errors.Count > 0 ? CliErrors.BadUsage : exitCode;
