using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Experiments.Annotation;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>The report's cluster section: the first cluster-token configuration's annotator on the training stories.</summary>
public static class ClusterSection
{
    public static ClusterReport? Build(AnnotatedSplit? split, ExperimentCorpus corpus, ExperimentOptions options, ExperimentDirectory dir)
    {
        if (split is null) return null;
        var ml = options.CreateContext();
        var annotated = AnnotatedSplit.AnnotateForReport(ml, split.AnnotatorPath, corpus.Train.Take(ClusterReports.MaxStories).ToList());
        var sidecar = NarrativeRoles.SidecarPath(ExperimentCorpus.TrainPath(dir));
        var roles = File.Exists(sidecar) ? NarrativeRoles.Read(sidecar) : null;
        return ClusterReports.Build(annotated, split.Config, roles, options.Seed);
    }
}
