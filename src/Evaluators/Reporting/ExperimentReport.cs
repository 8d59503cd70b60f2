using Microsoft.ML.SemanticContext.Evaluators.Clustering;
using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Statistics;

namespace Microsoft.ML.SemanticContext.Evaluators.Reporting;

/// <summary>
/// Everything one experiment produced, as the report renders it. The orchestration fills it; the renderer only
/// formats. Empty lists and null sections are allowed (e.g. no judge configured → no <see cref="Scores"/>) and
/// the report says what is missing instead of omitting it silently.
/// </summary>
/// <param name="Settings">The experiment configuration as name/value pairs, including which built-in defaults or real models ran.</param>
/// <param name="BaselineModel">The model the others are compared against (the vanilla fine-tune).</param>
public sealed record ExperimentReport(
    string Title,
    DateTimeOffset CreatedAt,
    TimeSpan? WallTime,
    IReadOnlyList<ReportSetting> Settings,
    string BaselineModel,
    IReadOnlyList<TrainingCurve> TrainingCurves,
    JudgeSettings? Judge,
    IReadOnlyList<ModelScoreSummary> Scores,
    IReadOnlyList<ModelComparison> Comparisons,
    IReadOnlyList<OfflineMetricsResult> OfflineMetrics,
    ClusterReport? Clusters,
    IReadOnlyList<GeneratedSample> Samples)
{
    /// <summary>Stories per model shown in the report (all of them go to results.jsonl).</summary>
    public int StoriesShownPerModel { get; init; } = 3;

    /// <summary>Every model's held-out perplexity figures; empty when none were computed.</summary>
    public IReadOnlyList<PerplexityFigure> Perplexity { get; init; } = [];

    /// <summary>Each cluster-token model's plan adherence; empty when the run had none.</summary>
    public IReadOnlyList<PlanAdherenceResult> PlanAdherence { get; init; } = [];
}

/// <summary>One configuration entry, e.g. ("embedder", "built-in TF-IDF + SVD (default)").</summary>
public sealed record ReportSetting(string Name, string Value);

/// <summary>Loss per step for one model; <see cref="Validation"/> is usually sparser than <see cref="Train"/>.</summary>
public sealed record TrainingCurve(string Model, IReadOnlyList<LossPoint> Train, IReadOnlyList<LossPoint> Validation)
{
    /// <summary>Step whose weights were kept (early stopping), when known.</summary>
    public double? BestStep { get; init; }

    /// <summary>
    /// The losses are per token of a text with plan tokens (they predict the plans too), so they are not comparable with
    /// a plain model's; the report shows this model's validation loss only labelled as such.
    /// </summary>
    public bool IncludesPlanTokens { get; init; }
}

/// <param name="Step">Optimizer step (or epoch; the unit is the report's x-axis label).</param>
public sealed record LossPoint(double Step, double Loss);

/// <summary>Which judge graded the samples. Holds the endpoint's host only: never a key or a full URL with secrets.</summary>
public sealed record JudgeSettings(string Model, string RubricVersion, string EndpointHost, int Unparseable, int FromCache)
{
    /// <summary>Samples the judge did not grade because it stopped early (see <see cref="StopReason"/>); 0 when complete.</summary>
    public int Unjudged { get; init; }

    /// <summary>Why the judge stopped before every sample was judged; null when it finished.</summary>
    public string? StopReason { get; init; }
}

/// <summary>The fitted clustering: quality measures when computed and one row per cluster.</summary>
/// <param name="Silhouette">Mean silhouette of the chunk embeddings, if computed.</param>
/// <param name="Nmi">Normalized mutual information against reference labels, if any.</param>
/// <param name="Positions">Mutual information between cluster and position in the story (needs no labels), if positions are known.</param>
public sealed record ClusterReport(int K, string Placement, int SentencesPerChunk, double? Silhouette, double? Nmi, IReadOnlyList<ClusterSummary> Clusters,
    PositionInformation? Positions = null);

/// <param name="Id">The i of the <c>&lt;cluster_i&gt;</c> token.</param>
/// <param name="TopTerms">Most characteristic words of the cluster's (masked) chunks.</param>
/// <param name="Examples">A few chunks assigned to the cluster.</param>
/// <param name="Position">Where its chunks sit in their stories; null when positions are unknown or the cluster is empty.</param>
public sealed record ClusterSummary(int Id, int Size, IReadOnlyList<string> TopTerms, IReadOnlyList<string> Examples, ClusterPosition? Position = null);

/// <summary>One generated story with everything known about it.</summary>
/// <param name="Generated">
/// The model's text with its plan tokens: the continuation, optionally preceded by the prompt as the model was given it
/// (annotated). A leading copy of <paramref name="Prompt"/> is shown greyed, its plan tokens as given rather than written.
/// </param>
/// <param name="Judged">The text that was evaluated (plan tokens stripped unless kept on purpose).</param>
/// <param name="Judgment">Null when no judge ran.</param>
/// <param name="Offline">Null when offline metrics were not computed for this sample.</param>
public sealed record GeneratedSample(
    string Model,
    string PromptId,
    int SampleIndex,
    int Seed,
    string Prompt,
    string Generated,
    string Judged,
    JudgeResult? Judgment,
    OfflineSampleMetrics? Offline);
