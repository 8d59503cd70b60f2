using System.Text;
using System.Text.Json;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Evaluators.Clustering;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Experiments.Annotation;

/// <summary>
/// The cluster report of an annotated corpus: per cluster its size, position in the stories, top terms and examples,
/// the silhouette of the embeddings, the mutual information between cluster and position (any corpus), and NMI
/// against the narrative roles when the corpus has a roles sidecar (the synthetic corpus does).
/// </summary>
public static class ClusterReports
{
    /// <summary>Reports on at most this many stories (the silhouette is sampled further inside).</summary>
    public const int MaxStories = 5000;

    /// <param name="annotated">Rows after the whole pipeline: segments, masked segments, embeddings and cluster ids.</param>
    /// <param name="roles">Roles of the same stories in the same order, or null.</param>
    public static ClusterReport Build(IDataView annotated, AnnotationConfig config, IReadOnlyList<NarrativeRoles.Entry>? roles, int seed)
    {
        var chunks = new List<ClusteredChunk>();
        bool allLabelled = roles is not null;
        var rows = StoryRows.Read(annotated,
            new InputColumn(ColumnNames.Segments, StoryColumnKind.TextVector), new InputColumn(ColumnNames.MaskedSegments, StoryColumnKind.TextVector),
            new InputColumn(ColumnNames.Embeddings, StoryColumnKind.SingleVector), new InputColumn(ColumnNames.ClusterIds, StoryColumnKind.Int32Vector));
        int story = 0;
        foreach (var row in rows.Take(MaxStories))
        {
            var (segments, masked, vectors, ids) = ((string[])row[0], (string[])row[1], (float[])row[2], (int[])row[3]);
            int width = segments.Length == 0 ? 0 : vectors.Length / segments.Length;
            var labels = roles is not null && story < roles.Count ? RolesOfChunks(segments, roles[story]) : null;
            for (int i = 0; i < segments.Length; i++)
            {
                string? label = labels?[i];
                allLabelled &= label is not null;
                chunks.Add(new ClusteredChunk(segments[i], masked[i], ids[i], vectors.AsSpan(i * width, width).ToArray(), label, new ChunkPosition(i, segments.Length)));
            }
            story++;
        }
        if (!allLabelled) chunks = chunks.Select(c => c with { ReferenceLabel = null }).ToList();
        return ClusterReportBuilder.Build(config.K, config.Placement.ToString(), config.SentencesPerChunk, chunks, seed);
    }

    /// <summary>Writes <c>PREFIX.clusters.md</c> and <c>PREFIX.clusters.json</c>, atomically.</summary>
    public static (string Markdown, string Json) Write(ClusterReport report, string prefix)
    {
        var md = new StringBuilder("# Clusters\n\n");
        MarkdownReport.AppendClusters(md, report);
        var (mdPath, jsonPath) = (prefix + ".clusters.md", prefix + ".clusters.json");
        AtomicFile.WriteAllText(mdPath, md.ToString());
        AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        return (mdPath, jsonPath);
    }

    /// <summary>
    /// The role of each chunk: the role of the sidecar sentence the chunk starts with. Chunks are exact substrings in
    /// story order, so one pass over the sentences finds them; null where a chunk starts inside a sentence.
    /// </summary>
    static string?[] RolesOfChunks(string[] chunks, NarrativeRoles.Entry entry)
    {
        var labels = new string?[chunks.Length];
        int sentence = 0;
        for (int i = 0; i < chunks.Length; i++)
        {
            var chunk = chunks[i].TrimStart();
            while (sentence < entry.Sentences.Count && !chunk.StartsWith(entry.Sentences[sentence].Trim(), StringComparison.Ordinal)) sentence++;
            if (sentence == entry.Sentences.Count) return labels;
            labels[i] = entry.Roles[sentence].ToString();
        }
        return labels;
    }
}
