using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

/// <summary>The one order every table of the sweep report uses, so equal inputs give byte-identical reports.</summary>
public static class SweepOrder
{
    /// <summary>Sizes in the order of <see cref="CausalLmPresets.All"/> (smallest first), other sizes after them by name.</summary>
    public static IReadOnlyList<string> Sizes(IEnumerable<TrialRecord> trials) =>
        trials.Select(t => t.Configuration.Size).Distinct(StringComparer.Ordinal)
            .OrderBy(SizeRank).ThenBy(s => s, StringComparer.Ordinal).ToList();

    /// <summary>By size, the vanilla baseline first, then chunk size, k and placement.</summary>
    public static IEnumerable<TrialRecord> Configurations(IEnumerable<TrialRecord> trials) =>
        trials.OrderBy(t => SizeRank(t.Configuration.Size)).ThenBy(t => t.Configuration.Size, StringComparer.Ordinal)
            .ThenBy(t => t.Configuration.Annotation is null ? 0 : 1)
            .ThenBy(t => t.Configuration.Annotation?.SentencesPerChunk).ThenBy(t => t.Configuration.Annotation?.K)
            .ThenBy(t => t.Configuration.Annotation?.Placement).ThenBy(t => t.Id);

    public static string PlacementName(Placement p) => p.ToString().ToLowerInvariant();

    static int SizeRank(string size)
    {
        for (var i = 0; i < CausalLmPresets.All.Count; i++)
            if (string.Equals(CausalLmPresets.All[i].Name, size, StringComparison.OrdinalIgnoreCase)) return i;
        return CausalLmPresets.All.Count;
    }
}
