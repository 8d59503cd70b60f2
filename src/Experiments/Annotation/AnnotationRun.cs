using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Experiments.Annotation;

/// <summary>
/// Annotates a corpus file: fits the pipeline on (a prefix of) the corpus or loads a saved one, then streams the
/// whole corpus through it and writes the annotated stories in the input's format, atomically.
/// </summary>
public sealed class AnnotationRun
{
    /// <summary>Fitting sees at most this many stories; annotating streams the rest in bounded memory.</summary>
    public const int DefaultFitStories = 50_000;

    public required string Input { get; init; }
    public required string Output { get; init; }
    public AnnotationConfig Config { get; init; } = new();
    public string? NamesFile { get; init; }

    /// <summary>Real models for the stages (SaT, NER, ONNX embedder) instead of the built-in defaults.</summary>
    public StageModels Models { get; init; } = StageModels.BuiltIn;
    public string? SaveModel { get; init; }
    public string? LoadModel { get; init; }
    public int FitStories { get; init; } = DefaultFitStories;
    public int Seed { get; init; } = 1;
    public IProgress<ProgressEvent>? Progress { get; init; }

    /// <summary>Stops the run before the next story (or stage) with nothing written.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The fitted (or loaded) pipeline, the cluster report of the fitting sample, and the stories written.</summary>
    public sealed record Result(ITransformer Model, ClusterReport Clusters, long StoriesWritten);

    public Result Execute(Action<string> log)
    {
        if (!File.Exists(Input)) throw new FileNotFoundException($"Corpus file '{Input}' does not exist.", Input);
        using var claim = OutputFiles.Claim([("--output", Output), ("--save-model", SaveModel)],
            [("input corpus", Input), ("--names-file", NamesFile), ("--model", LoadModel)]);

        var ml = new MLContext(Seed) { Progress = Progress, Cancellation = Cancellation };
        ml.LogInfoTo(log);
        var format = CorpusFormats.Detect(Input);
        var corpus = ml.Data.LoadCorpus(Input, format);
        var sample = ml.Data.LoadFromTexts(CorpusReader.Read(Input, format).Take(FitStories).Select(s => s.Text));
        long sampleStories = sample.GetRowCount() ?? 0;
        if (sampleStories == 0) throw new InvalidDataException($"{Input}: the corpus holds no stories.");

        ITransformer model;
        if (LoadModel is not null)
        {
            model = ml.Model.SemanticContext.Load(LoadModel, out _);
            log($"pipeline: loaded from {LoadModel}");
        }
        else
        {
            log($"pipeline: fitting {Config.Name} on {sampleStories:N0} stories of {Input} ({format})");
            model = AnnotationPipeline.Build(ml, Config, NamesFile, Models).Fit(sample);
        }

        Cancellation.ThrowIfCancellationRequested();
        long written = CorpusWriter.Write(Output, format, Annotate(ml, model, corpus, format));
        if (SaveModel is not null)
        {
            ml.Model.SemanticContext.Save(model, corpus.Schema, SaveModel);
            log($"pipeline: saved to {SaveModel}");
        }
        var clusters = Report(model, sample, log);
        return new Result(model, clusters, written);
    }

    /// <summary>Cluster report of the fitting sample beside the output; NMI when the input has a roles sidecar.</summary>
    ClusterReport Report(ITransformer model, IDataView sample, Action<string> log)
    {
        var config = AnnotatorDescription.Of(model).Config;
        var roles = NarrativeRoles.HasSidecar(Input) ? NarrativeRoles.Read(NarrativeRoles.SidecarPath(Input)) : null;
        var report = ClusterReports.Build(model.Transform(sample), config, roles, Seed);
        var (md, json) = ClusterReports.Write(report, Output);
        log($"clusters: silhouette {report.Silhouette:0.000}{(report.Nmi is { } nmi ? $", NMI against the narrative roles {nmi:0.000}" : "")}; report in {md} and {json}");
        return report;
    }

    IEnumerable<CorpusStory> Annotate(MLContext ml, ITransformer model, IDataView corpus, CorpusFormat format)
    {
        // The records carry JSON fields to keep; the transformed rows carry the annotated text, in the same order.
        using var records = CorpusReader.Read(Input, format).GetEnumerator();
        long done = 0;
        foreach (var annotated in StoryRows.Texts(model.Transform(corpus), ColumnNames.Annotated))
        {
            ml.Cancellation.ThrowIfCancellationRequested();  // inside the atomic write: the partial output is deleted
            records.MoveNext();
            if (++done % 1000 == 0) ml.Progress?.Report(new ProgressEvent("annotate", done, null, "stories"));
            yield return records.Current with { Text = annotated };
        }
        ml.Progress?.Report(new ProgressEvent("annotate", done, done, "stories"));
    }
}
