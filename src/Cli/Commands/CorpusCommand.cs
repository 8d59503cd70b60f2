using System.CommandLine;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;

namespace Microsoft.ML.SemanticContext.Cli.Commands;

// ML.NET has a namespace Microsoft.ML.Command, which this namespace (under Microsoft.ML) would find first.
using Command = System.CommandLine.Command;

/// <summary><c>sctok corpus synth</c>: the built-in generator of TinyStories-like stories with known narrative roles.</summary>
public static class CorpusCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Output("Corpus to write (TinyStories .txt); the roles go to <output>.roles.jsonl.");
        var stories = new Option<int>("--stories") { Description = "Number of stories.", DefaultValueFactory = _ => 2000 };
        var seed = CommonOptions.Seed();
        var synth = new Command("synth", "Generate the built-in demo corpus: stories whose sentence pairs play a known narrative role.")
        {
            output, stories, seed,
        };
        synth.SetAction((result, cancel) => CliErrors.RunAsync(() =>
        {
            var path = result.GetValue(output)!;
            using var claim = OutputFiles.Claim([("--output", path.FullName), ("the roles file", NarrativeRoles.SidecarPath(path.FullName))], []);
            int count = result.GetValue(stories);
            if (count < 1) throw new UsageException($"--stories must be at least 1, not {count}.");
            StorySynthesizer.WriteCorpus(path.FullName, count, result.GetValue(seed));
            Console.Error.WriteLine($"wrote {count:N0} stories to {path} and their roles to {NarrativeRoles.SidecarPath(path.FullName)}");
            return Task.FromResult(0);
        }));
        return new Command("corpus", "Corpus utilities.") { synth };
    }
}
