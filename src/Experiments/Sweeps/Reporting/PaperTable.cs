using Microsoft.ML.SemanticContext.Evaluators.Statistics;
using static Microsoft.ML.SemanticContext.Evaluators.Reporting.ReportText;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

/// <summary>One row of the paper's table: a size's vanilla baseline (absolute score) or one placement (differences vs that baseline).</summary>
public sealed record PaperTableRow(string Size, string Placement, IReadOnlyList<string> Cells);

/// <summary>
/// The paper's table in its layout: rows model size × placement (each size's vanilla row first), columns chunk size ×
/// k (the paper's 1 and 2 sentences × k ∈ {5, 7, 15, 32}, plus any other value the sweep ran). A cell is the primary
/// criterion's mean per-prompt difference vs the vanilla of its size, starred when Holm-significant, or what became of
/// the configuration: pruned, failed, pending, running, not testable, not run.
/// </summary>
public sealed record PaperTable(IReadOnlyList<(int Sentences, int K)> Columns, IReadOnlyList<PaperTableRow> Rows)
{
    public static IReadOnlyList<int> PaperSentences { get; } = [1, 2];

    public static IReadOnlyList<int> PaperKs { get; } = [5, 7, 15, 32];

    public const string NotRun = "not run";

    public const string Vanilla = "vanilla (absolute)";

    /// <param name="comparisons">The primary criterion's comparisons.</param>
    /// <param name="ranking">The trials with their primary scores (the vanilla rows' absolute figures).</param>
    public static PaperTable Build(SweepReportInput input, IReadOnlyList<ModelComparison> comparisons, IReadOnlyList<RankedTrial> ranking)
    {
        var annotations = input.Trials.Select(t => t.Configuration.Annotation).Where(a => a is not null).Select(a => a!).ToList();
        List<(int Sentences, int K)> columns = PaperSentences.SelectMany(s => PaperKs.Select(k => (Sentences: s, K: k)))
            .Concat(annotations.Select(a => (a.SentencesPerChunk, a.K))).Distinct().Order().ToList();
        var byName = ranking.ToDictionary(r => r.Trial.Configuration.Name, StringComparer.Ordinal);
        var tested = comparisons.ToDictionary(c => c.Candidate, StringComparer.Ordinal);

        string Cell(string name) => byName.GetValueOrDefault(name) is not { } r ? NotRun : r.Trial.State switch
        {
            TrialState.Finished => tested.GetValueOrDefault(name) is { } c ? Signed(c.Test.Difference) + (c.Significant ? " *" : "") : "not testable",
            TrialState.Pruned => $"pruned (step {r.Trial.Steps})",
            var s => SweepReportText.State(s),
        };
        string VanillaCell(string size) => byName.GetValueOrDefault(new TrialConfiguration(size, null).Name) is not { } r ? NotRun
            : r.Trial.State != TrialState.Finished ? Cell(r.Trial.Configuration.Name)
            : r.Score is not { } s ? "no scores"
            : s.Interval is { } i ? $"{Number(s.Mean)} [{Number(i.Low)}, {Number(i.High)}]" : $"{Number(s.Mean)} (1 prompt)";

        var rows = new List<PaperTableRow>();
        foreach (var size in SweepOrder.Sizes(input.Trials))
        {
            rows.Add(new PaperTableRow(size, Vanilla, [VanillaCell(size), .. columns.Skip(1).Select(_ => "")]));
            foreach (var placement in Enum.GetValues<Placement>())
                rows.Add(new PaperTableRow(size, SweepOrder.PlacementName(placement),
                    columns.Select(c => Cell(new TrialConfiguration(size, new(c.Sentences, c.K, placement)).Name)).ToList()));
        }
        return new PaperTable(columns, rows);
    }

    public static string ColumnTitle((int Sentences, int K) c) => $"{FactorEffects.Sentences(c.Sentences)}, k = {c.K}";
}
