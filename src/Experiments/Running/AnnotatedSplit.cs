using System.Text.Json;
using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Experiments.Annotation;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>
/// The experiment's texts as one cluster-token configuration sees them: the annotator is fitted on the training
/// stories only, then writes tokens into training, validation and held-out stories and into the prompts (so the
/// model is prompted in the format it was trained on). Files live in <c>annotated/&lt;config&gt;/</c>.
/// </summary>
public sealed record AnnotatedSplit(AnnotationConfig Config, string AnnotatorPath, ExperimentCorpus Texts, IReadOnlyList<string> Prompts)
{
    /// <summary>What the fitted annotator is made of, in its components' own words (read from the saved annotator).</summary>
    public AnnotatorDescription Describe() => AnnotatorDescription.Of(new MLContext().Model.SemanticContext.Load(AnnotatorPath, out _));

    public static AnnotatedSplit Prepare(ExperimentDirectory dir, AnnotationConfig config, ExperimentCorpus corpus,
        IReadOnlyList<string> prompts, ExperimentOptions options, IProgress<ProgressEvent>? progress, Action<string> log)
    {
        string stage = "annotate-" + config.Name;
        string folder = dir.PathOf("annotated", config.Name);
        string Path(string name) => System.IO.Path.Combine(folder, name);
        if (!dir.IsDone(stage))
        {
            Directory.CreateDirectory(folder);
            var ml = options.CreateContext(progress);
            ml.LogInfoTo(log);
            var train = ml.Data.LoadFromTexts(corpus.Train);
            var annotator = AnnotationPipeline.Build(ml, config, models: options.Models).Fit(train);
            ml.Model.SemanticContext.Save(annotator, train.Schema, Path("annotator.zip"));
            StoryFiles.Write(Path("train.txt"), Annotate(ml, annotator, corpus.Train));
            StoryFiles.Write(Path("valid.txt"), Annotate(ml, annotator, corpus.Validation));
            StoryFiles.Write(Path("heldout.txt"), Annotate(ml, annotator, corpus.HeldOut));
            AtomicFile.WriteAllText(Path("prompts.json"), JsonSerializer.Serialize(Annotate(ml, annotator, prompts)));
            dir.MarkDone(stage, new() { ["annotator"] = Path("annotator.zip") });
        }
        var texts = new ExperimentCorpus(StoryFiles.Read(Path("train.txt")), StoryFiles.Read(Path("valid.txt")), StoryFiles.Read(Path("heldout.txt")));
        var annotatedPrompts = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(Path("prompts.json")))!;
        return new AnnotatedSplit(config, Path("annotator.zip"), texts, annotatedPrompts);
    }

    /// <summary>The annotated training sample, for the cluster report.</summary>
    public static IDataView AnnotateForReport(MLContext ml, string annotatorPath, IReadOnlyList<string> stories) =>
        ml.Model.SemanticContext.Load(annotatorPath, out _).Transform(ml.Data.LoadFromTexts(stories));

    static List<string> Annotate(MLContext ml, ITransformer annotator, IReadOnlyList<string> stories) =>
        StoryRows.Texts(annotator.Transform(ml.Data.LoadFromTexts(stories)), ColumnNames.Annotated).ToList();

}
