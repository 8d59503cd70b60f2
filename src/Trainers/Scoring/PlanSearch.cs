using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Chooses the plan token of every slot of every text, slot after slot, each choice seeing the plans chosen before it:
/// <list type="bullet">
/// <item><see cref="PlanCharge.BestPlan"/>: each candidate c is scored by −log p(c | before) − log p(text up to the
/// next slot | before, c) (the last slot's text runs to the closing end-of-text) and the lowest wins;</item>
/// <item><see cref="PlanCharge.GreedyPlan"/>: the candidate with the highest logit at the slot, as greedy decoding
/// would write it.</item>
/// </list>
/// Only the slots' positions are used, never the annotator's plans. Slot j of every text is decided in one round of
/// batched forward passes; a row longer than the window keeps its last tokens (at most half the window for the text
/// after the slot), which only changes the choice, never the validity of the bound scored afterwards.
/// </summary>
static class PlanSearch
{
    /// <summary>Most logits one forward pass may hold (floats): 64 Mi = 256 MB.</summary>
    const long LogitBudget = 1L << 26;

    /// <returns>Every text's ids with the chosen plan ids at its slots.</returns>
    public static List<int[]> Choose(GptNeoModel model, IReadOnlyList<PlanSlots> texts, int endOfTextId, int[] candidates,
        PlanCharge charge, int batchSize, int window)
    {
        if (charge is not (PlanCharge.BestPlan or PlanCharge.GreedyPlan)) throw new ArgumentOutOfRangeException(nameof(charge), charge, "Only the best and the greedy plan are searched.");
        if (window < 2) throw new ArgumentOutOfRangeException(nameof(window), window, "Choosing a plan needs a window of at least 2 tokens.");
        var chosen = texts.Select(t => new int[t.Slots.Length]).ToArray();
        var best = texts.Select(_ => double.PositiveInfinity).ToArray();
        int rounds = texts.Count == 0 ? 0 : texts.Max(t => t.Slots.Length);
        for (int slot = 0; slot < rounds; slot++)
        {
            var rows = new List<Row>();
            for (int i = 0; i < texts.Count; i++)
                if (slot < texts[i].Slots.Length) rows.AddRange(RowsOf(texts[i], i, slot, chosen[i], endOfTextId, candidates, charge, window));
            Array.Fill(best, double.PositiveInfinity);
            foreach (var (row, loss) in Score(model, rows, endOfTextId, charge, candidates, batchSize))
            {
                // Candidates are tried in ascending id order and ties keep the first, so the choice is deterministic.
                if (loss < best[row.Text] || (loss == best[row.Text] && row.Plan < chosen[row.Text][slot]))
                    (best[row.Text], chosen[row.Text][slot]) = (loss, row.Plan);
            }
        }
        return texts.Select((t, i) => t.With(chosen[i])).ToList();
    }

    /// <summary>A sequence to run: the plan it tries (greedy: none yet, -1) and the first position whose prediction counts.</summary>
    readonly record struct Row(int Text, int Plan, int[] Tokens, int FirstScored);

    static IEnumerable<Row> RowsOf(PlanSlots text, int index, int slot, int[] plans, int endOfTextId, int[] candidates, PlanCharge charge, int window)
    {
        var before = text.Before(slot, plans);
        before.Insert(0, endOfTextId);
        if (charge == PlanCharge.GreedyPlan)
        {
            var tail = Tail(before, window);
            yield return new Row(index, -1, tail, tail.Length - 1);
            yield break;
        }
        int end = slot + 1 < text.Slots.Length ? text.Slots[slot + 1] : text.Plain.Length;
        var after = text.Plain.AsSpan(text.Slots[slot], end - text.Slots[slot]).ToArray();
        if (slot + 1 == text.Slots.Length) after = [.. after, endOfTextId];
        after = after[..Math.Min(after.Length, (window - 1) / 2)];
        var context = Tail(before, window - 1 - after.Length);
        foreach (int plan in candidates)
            yield return new Row(index, plan, [.. context, plan, .. after], context.Length - 1);
    }

    static int[] Tail(List<int> ids, int length) => ids.GetRange(Math.Max(0, ids.Count - length), Math.Min(length, ids.Count)).ToArray();

    /// <summary>
    /// Runs the rows in batches of similar length. Best plan: the summed loss of each row's tokens from the plan on.
    /// Greedy: minus the logit of the row's best candidate (lower is better), and the row stands for that candidate.
    /// </summary>
    static List<(Row Row, double Loss)> Score(GptNeoModel model, List<Row> rows, int endOfTextId, PlanCharge charge, int[] candidates, int batchSize)
    {
        int V = model.Config.VocabularySize;
        rows.Sort((a, b) => b.Tokens.Length.CompareTo(a.Tokens.Length));
        int most = Math.Max(1, batchSize * (charge == PlanCharge.BestPlan ? candidates.Length : 1));
        var scored = new List<(Row, double)>(rows.Count);
        for (int first = 0; first < rows.Count;)
        {
            int T = rows[first].Tokens.Length;
            int B = (int)Math.Clamp(LogitBudget / ((long)T * V), 1, Math.Min(most, rows.Count - first));
            var inputs = new int[B * T];
            Array.Fill(inputs, endOfTextId);
            for (int b = 0; b < B; b++) rows[first + b].Tokens.CopyTo(inputs, b * T);
            var logits = model.Forward(inputs, B, T);
            if (charge == PlanCharge.GreedyPlan)
            {
                for (int b = 0; b < B; b++)
                {
                    var row = rows[first + b];
                    var at = logits.Slice(((b * T) + row.FirstScored) * V, V);
                    int plan = candidates[0];
                    foreach (int c in candidates) if (at[c] > at[plan]) plan = c;
                    scored.Add((row with { Plan = plan }, -at[plan]));
                }
            }
            else
            {
                var targets = new int[B * T];
                Array.Fill(targets, -1);
                for (int b = 0; b < B; b++)
                {
                    var row = rows[first + b];
                    for (int p = row.FirstScored; p < row.Tokens.Length - 1; p++) targets[b * T + p] = row.Tokens[p + 1];
                }
                var losses = new float[B * T];
                SoftmaxCrossEntropy.Forward(logits, targets, losses, B * T, V);
                for (int b = 0; b < B; b++)
                {
                    double sum = 0;
                    for (int p = 0; p < T; p++) sum += losses[b * T + p];
                    scored.Add((rows[first + b], sum));
                }
            }
            first += B;
        }
        return scored;
    }
}
