namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Chooses the plan token of every slot of every text, slot after slot, each choice seeing the plans chosen before it:
/// <list type="bullet">
/// <item><see cref="PlanCharge.BestPlan"/>: each candidate c is scored by −log p(c | before) − log p(text up to the
/// next slot | before, c) (the last slot's text runs to the closing end-of-text) and the lowest wins;</item>
/// <item><see cref="PlanCharge.GreedyPlan"/>: the candidate with the highest logit at the slot, as greedy decoding
/// would write it.</item>
/// </list>
/// Only the slots' positions are used, never the annotator's plans. A text's story so far ("before": [EOT], its
/// plain ids up to the slot and the plans chosen at earlier slots) runs once, as a <see cref="GptNeoPrefix"/> that
/// grows by the chosen plan and its chunk after each slot; the k candidates of a slot run as one batch of k rows
/// continuing it, each row [c, chunk], with the LM head only where a loss is counted. When before and the row no
/// longer fit the window, the row's context is the last tokens of before (at most half the window for the chunk, the
/// rest for the context) at positions from 0, rebuilt for each slot: this only changes the choice, never the validity
/// of the bound scored afterwards.
/// </summary>
static class PlanSearch
{
    /// <returns>Every text's ids with the chosen plan ids at its slots.</returns>
    public static List<int[]> Choose(GptNeoModel model, IReadOnlyList<PlanSlots> texts, int endOfTextId, int[] candidates, PlanCharge charge, int window)
    {
        if (charge is not (PlanCharge.BestPlan or PlanCharge.GreedyPlan)) throw new ArgumentOutOfRangeException(nameof(charge), charge, "Only the best and the greedy plan are searched.");
        if (window < 2) throw new ArgumentOutOfRangeException(nameof(window), window, "Choosing a plan needs a window of at least 2 tokens.");
        bool best = charge == PlanCharge.BestPlan;
        // Best: rows [c, scored chunk]; greedy: pieces that extend the prefix, whatever their length.
        int rowLength = 1 + texts.SelectMany(t => Enumerable.Range(0, t.Slots.Length).Select(j => Scored(t, j, endOfTextId, window).Length)).DefaultIfEmpty(0).Max();
        var inference = new GptNeoInference(model, best ? candidates.Length : 1, Math.Min(rowLength, window), prefixCapacity: window);
        var search = new Search(inference, model.Config.VocabularySize, endOfTextId, candidates, window);
        return texts.Select(t => t.With(best ? search.Best(t) : search.Greedy(t))).ToList();
    }

    /// <summary>The ids after slot <paramref name="slot"/> up to the next slot (the last slot's with end-of-text).</summary>
    static int[] Chunk(PlanSlots text, int slot, int endOfTextId)
    {
        int end = slot + 1 < text.Slots.Length ? text.Slots[slot + 1] : text.Plain.Length;
        var chunk = text.Plain.AsSpan(text.Slots[slot], end - text.Slots[slot]);
        return slot + 1 == text.Slots.Length ? [.. chunk, endOfTextId] : chunk.ToArray();
    }

    /// <summary>The part of the chunk the best plan scores: at most half the window.</summary>
    static int[] Scored(PlanSlots text, int slot, int endOfTextId, int window)
    {
        var chunk = Chunk(text, slot, endOfTextId);
        return chunk[..Math.Min(chunk.Length, (window - 1) / 2)];
    }

    sealed class Search(GptNeoInference inference, int V, int endOfTextId, int[] candidates, int window)
    {
        readonly GptNeoPrefix prefix = inference.NewPrefix(), context = inference.NewPrefix();
        readonly float[] logits = new float[V];
        readonly double[] rowLosses = new double[candidates.Length];

        public int[] Best(PlanSlots text)
        {
            int k = candidates.Length;
            var chosen = new int[text.Slots.Length];
            if (chosen.Length == 0) return chosen;
            bool incremental = Start(text);
            for (int slot = 0; slot < text.Slots.Length; slot++)
            {
                var scored = Scored(text, slot, endOfTextId, window);
                var before = Before(text, slot, chosen, window - 1 - scored.Length, ref incremental);
                // Row c: [c, scored chunk], predicting the chunk; −log p(c | before) comes from before's last position.
                int L = scored.Length + 1;
                var inputs = new int[k * L];
                var targets = new int[k * L];
                for (int c = 0; c < k; c++)
                {
                    inputs[c * L] = candidates[c];
                    scored.CopyTo(inputs, c * L + 1);
                    scored.CopyTo(targets, c * L);
                    targets[c * L + L - 1] = -1;
                }
                Array.Clear(rowLosses);
                inference.Continue(before, inputs, targets, k, L, rowLosses);
                inference.NextLogits(before, logits);
                double logSum = LogSumExp(logits);
                int winner = 0;
                double lowest = double.PositiveInfinity;
                // Candidates are in ascending id order and ties keep the first, so the choice is deterministic.
                for (int c = 0; c < k; c++)
                {
                    double loss = logSum - logits[candidates[c]] + rowLosses[c];
                    if (loss < lowest) (lowest, winner) = (loss, c);
                }
                chosen[slot] = candidates[winner];
                if (incremental && slot + 1 < text.Slots.Length)
                {
                    var chunk = Chunk(text, slot, endOfTextId);
                    if (prefix.Length + 1 + chunk.Length > window) incremental = false;
                    else
                    {
                        inference.Extend(prefix, winner, L);
                        inference.Append(prefix, chunk.AsSpan(scored.Length));
                    }
                }
            }
            return chosen;
        }

        public int[] Greedy(PlanSlots text)
        {
            var chosen = new int[text.Slots.Length];
            if (chosen.Length == 0) return chosen;
            bool incremental = Start(text);
            for (int slot = 0; slot < text.Slots.Length; slot++)
            {
                inference.NextLogits(Before(text, slot, chosen, window, ref incremental), logits);
                int plan = candidates[0];
                foreach (int c in candidates) if (logits[c] > logits[plan]) plan = c;
                chosen[slot] = plan;
                if (incremental && slot + 1 < text.Slots.Length)
                {
                    var chunk = Chunk(text, slot, endOfTextId);
                    if (prefix.Length + 1 + chunk.Length > window) incremental = false;
                    else inference.Append(prefix, [plan, .. chunk]);
                }
            }
            return chosen;
        }

        /// <summary>Runs [EOT] and the ids before the first slot into the prefix; false when they do not fit the window.</summary>
        bool Start(PlanSlots text)
        {
            prefix.Clear();
            int first = text.Slots[0];
            if (first + 1 > window) return false;
            inference.Append(prefix, [endOfTextId, .. text.Plain.AsSpan(0, first)]);
            return true;
        }

        /// <summary>
        /// The context of slot <paramref name="slot"/>, at most <paramref name="room"/> positions: the growing prefix while
        /// it fits, else the last <paramref name="room"/> ids of before, run from position 0 (and the prefix is given up).
        /// </summary>
        GptNeoPrefix Before(PlanSlots text, int slot, int[] chosen, int room, ref bool incremental)
        {
            if (incremental && prefix.Length <= room) return prefix;
            incremental = false;
            var before = text.Before(slot, chosen);
            before.Insert(0, endOfTextId);
            context.Clear();
            inference.Append(context, before.GetRange(Math.Max(0, before.Count - room), Math.Min(room, before.Count)).ToArray());
            return context;
        }

        static double LogSumExp(float[] values)
        {
            float max = values.Max();
            double sum = 0;
            foreach (float v in values) sum += Math.Exp(v - max);
            return max + Math.Log(sum);
        }
    }
}
