namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// An annotated text's token ids taken apart: the plain text's ids and where the plan tokens sit in them.
/// <c>Slots[j]</c> is the index in <c>Plain</c> before which plan token j stands (<c>Plain.Length</c> after the last
/// token); <c>Plans[j]</c> is the plan id the annotator put there.
/// </summary>
readonly record struct PlanSlots(int[] Plain, int[] Slots, int[] Plans)
{
    public static PlanSlots Of(int[] annotated, IReadOnlySet<int> planIds)
    {
        var plain = new List<int>(annotated.Length);
        var slots = new List<int>();
        var plans = new List<int>();
        foreach (int id in annotated)
        {
            if (planIds.Contains(id)) { slots.Add(plain.Count); plans.Add(id); }
            else plain.Add(id);
        }
        return new PlanSlots(plain.ToArray(), slots.ToArray(), plans.ToArray());
    }

    /// <summary>The plain ids up to slot <paramref name="slot"/> with <paramref name="plans"/> at the slots before it.</summary>
    public List<int> Before(int slot, ReadOnlySpan<int> plans)
    {
        int end = slot < Slots.Length ? Slots[slot] : Plain.Length;
        var ids = new List<int>(end + slot);
        int at = 0;
        for (int j = 0; j < slot; j++)
        {
            ids.AddRange(Plain.AsSpan(at, Slots[j] - at));
            ids.Add(plans[j]);
            at = Slots[j];
        }
        ids.AddRange(Plain.AsSpan(at, end - at));
        return ids;
    }

    /// <summary>The whole text with <paramref name="plans"/> at the slots.</summary>
    public int[] With(ReadOnlySpan<int> plans) => Before(Slots.Length, plans).ToArray();
}
