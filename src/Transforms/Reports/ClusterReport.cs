using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Transforms.Reports;

/// <summary>A word that characterises a cluster: its mean TF-IDF in the cluster and in the rest of the corpus.</summary>
public sealed record ClusterTerm(string Term, double MeanTfidf, double MeanTfidfElsewhere);

/// <summary>One cluster: its id and token, size, most distinctive words and example chunks (nearest its mean).</summary>
public sealed record ClusterSummary(int Id, string Token, int Size, double Share, IReadOnlyList<ClusterTerm> TopTerms, IReadOnlyList<string> Examples);

/// <summary>How the clusters line up with known narrative roles (synthetic corpora only).</summary>
public sealed record RoleAgreement(double Nmi, int LabelledChunks, int SkippedStories, IReadOnlyList<string> Roles, int[][] Counts);

/// <summary>
/// The cluster report written next to an annotated corpus: per cluster its size, top terms and examples, the
/// silhouette of the chunk embeddings (on a seeded sample) and, when a roles sidecar exists, the NMI between
/// clusters and roles. Built in one streaming pass (<see cref="ClusterReportBuilder"/>); memory is bounded by the samples.
/// </summary>
public sealed class ClusterReport
{
    public int Stories { get; init; }
    public int Chunks { get; init; }
    public int K { get; init; }
    public IReadOnlyList<ClusterSummary> Clusters { get; init; } = [];

    /// <summary>Mean silhouette in [−1, 1] (Euclidean, on <see cref="SilhouetteSampleSize"/> chunks); null with fewer than 2 clusters.</summary>
    public double? Silhouette { get; init; }
    public int SilhouetteSampleSize { get; init; }

    public RoleAgreement? Roles { get; init; }

    /// <summary>
    /// Reads <paramref name="annotated"/> (the output of the annotation pipeline) once. <paramref name="roles"/>, when
    /// given, holds the labelled sentences of story i at index i (row index of the data). To build the report while
    /// the annotated rows are also being written, feed them to a <see cref="ClusterReportBuilder"/> instead.
    /// </summary>
    public static ClusterReport Build(IDataView annotated, IReadOnlyList<StoryRoleLabels?>? roles = null, ClusterReportOptions? options = null)
    {
        var builder = new ClusterReportBuilder(annotated.Schema, roles, options);
        foreach (var row in annotated.GetRows()) builder.Add(row);
        return builder.Build();
    }

    /// <summary>Writes <c>&lt;prefix&gt;.clusters.md</c> and <c>&lt;prefix&gt;.clusters.json</c>, each atomically.</summary>
    public void Write(string outputPathPrefix)
    {
        AtomicFile.WriteAllText(outputPathPrefix + ".clusters.json", ToJson());
        AtomicFile.WriteAllText(outputPathPrefix + ".clusters.md", ClusterReportMarkdown.Render(this));
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public string ToMarkdown() => ClusterReportMarkdown.Render(this);

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
