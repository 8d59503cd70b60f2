using System.Security.Cryptography;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Experiments.Protocol;
using Microsoft.ML.SemanticContext.Experiments.Running;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>
/// What every trial of a sweep shares, computed once in the sweep folder by the experiment's own stages: the corpus
/// split, one tokenizer, the prompts (every trial completes the same prompts with the same seeds, so trials pair by
/// prompt), and the TF-IDF the prompt-similarity proxy measures with (fitted on the training stories, so a trial's
/// proxy scores do not depend on which other trials ran). Processes preparing it at once take turns (a folder lock).
/// </summary>
public sealed class SweepWorkspace
{
    SweepWorkspace(ExperimentDirectory directory, ExperimentCorpus corpus, ByteLevelBpeTokenizer tokenizer, IReadOnlyList<string> prompts, string digest,
        CausalLanguageModel? baseModel)
    {
        (Directory, Corpus, Tokenizer, Prompts, Digest, BaseModel) = (directory, corpus, tokenizer, prompts, digest, baseModel);
        ProxyEmbedder = new TfidfTextEmbedder(corpus.Train);
    }

    public ExperimentDirectory Directory { get; }
    public ExperimentCorpus Corpus { get; }
    public ByteLevelBpeTokenizer Tokenizer { get; }
    public IReadOnlyList<string> Prompts { get; }

    /// <summary>SHA-256 of the split and the prompts: the corpus part of every annotation cache key.</summary>
    public string Digest { get; }

    public ITextEmbedder ProxyEmbedder { get; }

    /// <summary>The base model every trial fine-tunes a copy of (read once per process), or null to train from scratch.</summary>
    public CausalLanguageModel? BaseModel { get; }

    /// <summary>Tokens of the plain training stream (each story with its end-of-text): what sets every size's step budget.</summary>
    public long PlainTrainingTokens => plainTrainingTokens ??= Corpus.Train.Sum(story => (long)Tokenizer.Encode(story).Length + 1);

    long? plainTrainingTokens;

    /// <param name="sizes">The model sizes of the sweep's trials: they must share one tokenizer, and every prompt must fit the smallest context.</param>
    /// <param name="planned">True for a process joining a planned sweep (run-trial): it reads the stages and never re-plans.</param>
    public static SweepWorkspace Prepare(SweepOptions options, IReadOnlyList<string> sizes, bool planned, IProgress<ProgressEvent>? progress, Action<string> log)
    {
        var dir = new ExperimentDirectory(options.OutputDirectory);
        var presets = sizes.Select(CausalLmPresets.Get).ToList();
        var experiment = options.Experiment(sizes[0]);
        using (LockFile.Take(dir.PathOf(".prepare.lock"), options.Cancellation))
        {
            if (planned)
            {
                foreach (var stage in new[] { "corpus", "tokenizer", "prompts" })
                    if (!dir.IsDone(stage))
                        throw new InvalidInputException($"'{dir.Root}' is not a planned sweep (its '{stage}' stage is missing); run `sctok sweep plan -o {dir.Root}` first.");
            }
            else
            {
                dir.Open(options.Fingerprint());
            }
            var baseModel = options.BaseModelPath is { } basePath ? CausalLmBaseModel.Open(basePath, experiment.Training(presets[0]).SequenceLength) : null;
            if (baseModel is null && presets.Select(p => p.VocabularySize).Distinct().Count() > 1)
                throw new InvalidOptionException("Preset", $"sizes {string.Join(", ", sizes)} train tokenizers of different sizes; a sweep shares one tokenizer, so use sizes with the same BPE size.");
            var corpus = ExperimentCorpus.Prepare(dir, experiment, log);
            var shared = new ExperimentRunner(experiment, progress, log);
            var tokenizer = shared.PrepareTokenizer(dir, corpus, presets[0], baseModel?.Tokenizer);
            int context = baseModel?.Model.Config.MaxPositions ?? presets.Min(experiment.ContextOf);
            var prompts = shared.PreparePrompts(dir, corpus, new PromptBudget(tokenizer, context, experiment.MaxNewTokens));
            return new SweepWorkspace(dir, corpus, tokenizer, prompts, DigestOf(dir), baseModel);
        }
    }

    static string DigestOf(ExperimentDirectory dir)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in new[] { ExperimentCorpus.TrainPath(dir), dir.PathOf("corpus", "valid.txt"), dir.PathOf("corpus", "heldout.txt"), dir.PathOf("prompts.json") })
            sha.AppendData(File.ReadAllBytes(file));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
