using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Experiments.Annotation;
using Microsoft.ML.SemanticContext.Experiments.Running;
using Microsoft.ML.SemanticContext.Storage;
using Microsoft.ML.SemanticContext.Transforms;
using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps;

/// <summary>
/// The sweep's annotations, fitted once per (corpus, sentences per chunk, k, embedder) and kept under
/// <c>DIR/annotations/&lt;key&gt;/</c>: the fitted annotator and the training, validation and held-out stories and the
/// prompts rendered with both placements. Placement changes only where a token is written, so a prepend and a
/// postpend trial (and trials of any model size) share one fit: nothing is embedded or clustered twice. Processes
/// running trials of one sweep at once wait for each other's fit of a key (a lock per key).
/// </summary>
public sealed class AnnotationCache(string sweepFolder, SweepWorkspace workspace, ExperimentOptions options, Action<string> log)
{
    const string DoneMarker = "done.json";

    /// <summary>The texts and prompts of one trial, annotated with its configuration.</summary>
    public sealed record Annotated(ExperimentCorpus Texts, IReadOnlyList<string> Prompts);

    /// <summary>The cache key: readable chunk size and k, then a digest of everything the fit depends on.</summary>
    public string Key(AnnotationConfig config)
    {
        var embedder = $"{SegmentEmbeddingTransformer.TypeId} v{SegmentEmbeddingTransformer.Version}; {options.Models.Describe().ToJsonString()}";
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{workspace.Digest}\n{config.SentencesPerChunk}\n{config.K}\n{embedder}\n{options.Seed}"));
        return $"s{config.SentencesPerChunk}-k{config.K}-{Convert.ToHexStringLower(digest)[..16]}";
    }

    public Annotated Get(AnnotationConfig config)
    {
        string folder = Path.Combine(sweepFolder, "annotations", Key(config));
        string label = $"(s{config.SentencesPerChunk},k{config.K})";
        if (!File.Exists(Path.Combine(folder, DoneMarker)))
        {
            using var held = LockFile.Take(folder + ".lock", options.Cancellation);
            if (!File.Exists(Path.Combine(folder, DoneMarker)))
            {
                Fit(config, folder);
                log($"annotation: fitted {label}");
                return Read(folder, config.Placement);
            }
        }
        log($"annotation: reused {label}");
        return Read(folder, config.Placement);
    }

    void Fit(AnnotationConfig config, string folder)
    {
        Directory.CreateDirectory(folder);
        var ml = options.CreateContext();
        ml.LogInfoTo(log);
        var corpus = workspace.Corpus;
        var train = ml.Data.LoadFromTexts(corpus.Train);
        var annotator = AnnotationPipeline.Build(ml, config with { Placement = Placement.Prepend }, models: options.Models).Fit(train);
        ml.Model.SemanticContext.Save(annotator, train.Schema, Path.Combine(folder, "annotator.zip"));
        var splits = new (string Name, IReadOnlyList<string> Stories)[]
        {
            ("train.txt", corpus.Train), ("valid.txt", corpus.Validation), ("heldout.txt", corpus.HeldOut), ("prompts.json", workspace.Prompts),
        };
        foreach (var (name, stories) in splits)
        {
            var rows = ml.Data.CreateEnumerable<AnnotatedStory>(annotator.Transform(ml.Data.LoadFromTexts(stories)), reuseRowObject: false).ToList();
            foreach (var placement in Enum.GetValues<Placement>())
            {
                var rendered = rows.Select((r, i) => ClusterTokens.Annotate(r.Text, r.Segments, r.Clusters, placement, i)).ToList();
                var path = Path.Combine(folder, PlacementName(placement), name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (name.EndsWith(".json", StringComparison.Ordinal)) AtomicFile.WriteAllText(path, JsonSerializer.Serialize(rendered));
                else StoryFiles.Write(path, rendered);
            }
        }
        AtomicFile.WriteAllText(Path.Combine(folder, DoneMarker), JsonSerializer.Serialize(new { sentences = config.SentencesPerChunk, k = config.K, stories = corpus.Train.Count }));
    }

    static Annotated Read(string folder, Placement placement)
    {
        string Path(string name) => System.IO.Path.Combine(folder, PlacementName(placement), name);
        var texts = new ExperimentCorpus(StoryFiles.Read(Path("train.txt")), StoryFiles.Read(Path("valid.txt")), StoryFiles.Read(Path("heldout.txt")));
        return new Annotated(texts, JsonSerializer.Deserialize<List<string>>(File.ReadAllText(Path("prompts.json")))!);
    }

    static string PlacementName(Placement placement) => placement.ToString().ToLowerInvariant();
}
