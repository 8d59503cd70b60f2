using Microsoft.ML.SemanticContext.Numerics;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Benchmarks.Trainers;

/// <summary>
/// The plan search as it was before it moved onto inference buffers (98cdd56), kept as the plan-perplexity benchmark's
/// peer: slot j of every text in one round; each candidate's whole row [tail of before, c, chunk] through the
/// training forward (<see cref="GptNeoModel.Forward"/>, logits of every position, up to 256 MB per pass).
/// </summary>
static class TrainingForwardPlanSearch
{
    const long LogitBudget = 1L << 26;

    /// <param name="texts">Each text's plain ids and the indices in them before which its plan slots stand.</param>
    /// <returns>Every text's ids with the chosen plan ids at its slots.</returns>
    public static List<int[]> Choose(GptNeoModel model, IReadOnlyList<(int[] Plain, int[] Slots)> texts, int endOfTextId, int[] candidates,
        bool best, int batchSize, int window)
    {
        var chosen = texts.Select(t => new int[t.Slots.Length]).ToArray();
        var lowest = new double[texts.Count];
        int rounds = texts.Count == 0 ? 0 : texts.Max(t => t.Slots.Length);
        for (int slot = 0; slot < rounds; slot++)
        {
            var rows = new List<Row>();
            for (int i = 0; i < texts.Count; i++)
                if (slot < texts[i].Slots.Length) rows.AddRange(RowsOf(texts[i], i, slot, chosen[i], endOfTextId, candidates, best, window));
            Array.Fill(lowest, double.PositiveInfinity);
            foreach (var (row, loss) in Score(model, rows, endOfTextId, best, candidates, batchSize))
                if (loss < lowest[row.Text] || (loss == lowest[row.Text] && row.Plan < chosen[row.Text][slot]))
                    (lowest[row.Text], chosen[row.Text][slot]) = (loss, row.Plan);
        }
        return texts.Select((t, i) => Before(t, t.Slots.Length, chosen[i]).ToArray()).ToList();
    }

    readonly record struct Row(int Text, int Plan, int[] Tokens, int FirstScored);

    static List<int> Before((int[] Plain, int[] Slots) text, int slot, int[] plans)
    {
        int end = slot < text.Slots.Length ? text.Slots[slot] : text.Plain.Length;
        var ids = new List<int>(end + slot);
        int at = 0;
        for (int j = 0; j < slot; j++)
        {
            ids.AddRange(text.Plain.AsSpan(at, text.Slots[j] - at));
            ids.Add(plans[j]);
            at = text.Slots[j];
        }
        ids.AddRange(text.Plain.AsSpan(at, end - at));
        return ids;
    }

    static IEnumerable<Row> RowsOf((int[] Plain, int[] Slots) text, int index, int slot, int[] plans, int endOfTextId, int[] candidates, bool best, int window)
    {
        var before = Before(text, slot, plans);
        before.Insert(0, endOfTextId);
        if (!best)
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

    static List<(Row Row, double Loss)> Score(GptNeoModel model, List<Row> rows, int endOfTextId, bool best, int[] candidates, int batchSize)
    {
        int V = model.Config.VocabularySize;
        rows.Sort((a, b) => b.Tokens.Length.CompareTo(a.Tokens.Length));
        int most = Math.Max(1, batchSize * (best ? candidates.Length : 1));
        var scored = new List<(Row, double)>(rows.Count);
        for (int first = 0; first < rows.Count;)
        {
            int T = rows[first].Tokens.Length;
            int B = (int)Math.Clamp(LogitBudget / ((long)T * V), 1, Math.Min(most, rows.Count - first));
            var inputs = new int[B * T];
            Array.Fill(inputs, endOfTextId);
            for (int b = 0; b < B; b++) rows[first + b].Tokens.CopyTo(inputs, b * T);
            var logits = model.Forward(inputs, B, T);
            if (!best)
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
