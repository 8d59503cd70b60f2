using System.CommandLine;
using Microsoft.ML.SemanticContext.Cli.Commands;

// sctok: the command-line face of the library. Each command lives in its own file under Commands/.
var root = new RootCommand("sctok: semantic context tokens for small causal language models (annotate, train, generate, evaluate).");
foreach (var command in CommandSet.All()) root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
