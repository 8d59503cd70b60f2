using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;

namespace Microsoft.ML.SemanticContext.Experiments.Running;

/// <summary>The report's cluster section for the first cluster-token configuration: sizes and example chunks.</summary>
public static class ClusterSection
{
    const int MaxStories = 2000, ExamplesPerCluster = 5;

    public static ClusterReport? Build(AnnotatedSplit? split, ExperimentCorpus corpus, ExperimentOptions options)
    {
        if (split is null) return null;
        var ml = new MLContext(options.Seed);
        var annotated = AnnotatedSplit.AnnotateForReport(ml, split.AnnotatorPath, corpus.Train.Take(MaxStories).ToList());
        var sizes = new int[split.Config.K];
        var examples = Enumerable.Range(0, split.Config.K).Select(_ => new List<string>()).ToArray();
        foreach (var row in annotated.GetRows())
        {
            var ids = row.Get<int[]>(ColumnNames.ClusterIds);
            var chunks = row.Get<string[]>(ColumnNames.Segments);
            for (int i = 0; i < ids.Length; i++)
            {
                sizes[ids[i]]++;
                if (examples[ids[i]].Count < ExamplesPerCluster) examples[ids[i]].Add(chunks[i]);
            }
        }
        var clusters = Enumerable.Range(0, split.Config.K).Select(c => new ClusterSummary(c, sizes[c], [], examples[c])).ToList();
        return new ClusterReport(split.Config.K, split.Config.Placement.ToString(), split.Config.SentencesPerChunk, null, null, clusters);
    }
}
