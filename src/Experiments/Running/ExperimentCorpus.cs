using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>
/// The stories of one experiment split three ways: training, validation (early stopping) and held out (prompts
/// and perplexity). Written once to <c>corpus/</c> as TinyStories .txt files and read back on reruns.
/// </summary>
public sealed record ExperimentCorpus(IReadOnlyList<string> Train, IReadOnlyList<string> Validation, IReadOnlyList<string> HeldOut)
{
    /// <summary>Held-out stories set aside for prompts and perplexity.</summary>
    public const int HeldOutStories = 200;

    public static string TrainPath(ExperimentDirectory dir) => dir.PathOf("corpus", "train.txt");
    static string ValidationPath(ExperimentDirectory dir) => dir.PathOf("corpus", "valid.txt");
    static string HeldOutPath(ExperimentDirectory dir) => dir.PathOf("corpus", "heldout.txt");

    /// <summary>Builds the split (or reads the one a previous run wrote).</summary>
    public static ExperimentCorpus Prepare(ExperimentDirectory dir, ExperimentOptions options, Action<string> log)
    {
        const string stage = "corpus";
        if (!dir.IsDone(stage))
        {
            Directory.CreateDirectory(dir.PathOf("corpus"));
            var (stories, roles) = LoadStories(options, log);
            int heldOut = Math.Min(HeldOutStories, stories.Count / 5);
            int validation = Math.Max(1, Math.Min(500, stories.Count / 20));
            if (stories.Count - heldOut - validation < 10)
                throw new InvalidDataException($"The corpus has {stories.Count} stories; an experiment needs at least {heldOut + validation + 10}.");
            // Deterministic shuffle so held-out stories are spread over the corpus, not its tail.
            var order = Enumerable.Range(0, stories.Count).ToArray();
            new Random(options.Seed).Shuffle(order);
            var heldOutIds = order[..heldOut];
            var validationIds = order[heldOut..(heldOut + validation)];
            var trainIds = order[(heldOut + validation)..].Order().ToArray();
            StoryFiles.Write(HeldOutPath(dir), heldOutIds.Select(i => stories[i]));
            StoryFiles.Write(ValidationPath(dir), validationIds.Select(i => stories[i]));
            StoryFiles.Write(TrainPath(dir), trainIds.Select(i => stories[i]));
            if (roles is not null) NarrativeRoles.Write(NarrativeRoles.SidecarPath(TrainPath(dir)), trainIds.Select(i => roles[i]));
            dir.MarkDone(stage, new() { ["train"] = trainIds.Length, ["validation"] = validation, ["heldOut"] = heldOut });
        }
        return new ExperimentCorpus(StoryFiles.Read(TrainPath(dir)), StoryFiles.Read(ValidationPath(dir)), StoryFiles.Read(HeldOutPath(dir)));
    }

    static (IReadOnlyList<string> Stories, IReadOnlyList<SyntheticStory>? Roles) LoadStories(ExperimentOptions options, Action<string> log)
    {
        if (options.CorpusPath is null)
        {
            var synthetic = StorySynthesizer.Generate(options.SyntheticStories, options.Seed);
            log($"corpus: built-in synthetic corpus, {synthetic.Count:N0} stories with known narrative roles (seed {options.Seed})");
            return (synthetic.Select(s => s.Text).ToList(), synthetic);
        }
        var stories = CorpusReader.Read(options.CorpusPath).Select(s => s.Text).Take(options.MaxStories ?? int.MaxValue).ToList();
        if (stories.Count == 0) throw new InvalidDataException($"{options.CorpusPath}: the corpus holds no stories.");
        log($"corpus: {stories.Count:N0} stories from {options.CorpusPath}");
        return (stories, null);
    }

}
