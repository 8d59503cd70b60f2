using Microsoft.ML.SemanticContext.Numerics;
using Microsoft.ML.SemanticContext.Tokenizers;
using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>
/// The plan search on inference buffers (a growing prefix, the k candidates of a slot as one batch) against the
/// search as it was first written: every candidate's whole row run through the training forward
/// (<see cref="GptNeoModel.Forward"/>), its loss summed from the logits, and the chosen paths scored with
/// <see cref="GptNeoModel.LossSum"/>; on real stories with a plan slot before every two sentences.
/// </summary>
public class PlanSearchTests
{
    const int Plans = 4;

    /// <summary>Heads of 2 channels (row attention) and of 32 (GEMM attention); local layers of window 24; whole stories and a 40-token window.</summary>
    public static TheoryData<int, int, int?> Shapes() => new() { { 32, 16, null }, { 64, 2, null }, { 32, 16, 40 }, { 64, 2, 40 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void InferenceSearchGivesTheTrainingForwardSearchsFiguresOnRealStories(int hidden, int heads, int? windowLength)
    {
        var file = Path.Combine(Testing.TestPaths.SharedData, "tinystories", "TinyStories-valid_prefix_1840.txt");
        var stories = File.ReadAllText(file).Split(ByteLevelBpeTokenizer.EndOfTextToken).Skip(1).Take(10).Select(s => s.Trim()).ToList();
        var tokenizer = ByteLevelBpeTokenizer.Train(stories, 300, [ByteLevelBpeTokenizer.EndOfTextToken]);
        int eot = tokenizer.EndOfTextId, V = tokenizer.VocabularySize + Plans;
        var planIds = Enumerable.Range(tokenizer.VocabularySize, Plans).ToArray();
        var config = GptNeoConfig.Alternating(V, hiddenSize: hidden, layers: 2, heads: heads, windowSize: 24, maxPositions: 1024);
        var model = GptNeoModel.CreateRandom(config, seed: 5);
        var annotated = stories.Select((s, i) => Annotate(tokenizer, s, planIds, i)).ToList();
        int window = windowLength ?? config.MaxPositions;
        if (windowLength is null) Assert.All(annotated, a => Assert.True(a.Length + 2 <= window));
        else Assert.Contains(annotated, a => a.Length + 2 > 3 * window);

        var figures = Perplexity.ComputeWithPlans(model, annotated, eot, planIds.ToHashSet(), windowLength: windowLength);

        var texts = annotated.Select(a => PlanSlots.Of(a, planIds.ToHashSet())).ToList();
        long plain = texts.Sum(t => t.Plain.Length + 1L);
        foreach (var (charge, figure) in new[] { (PlanCharge.BestPlan, figures[0]), (PlanCharge.GreedyPlan, figures[1]) })
        {
            double sum = texts.Sum(t => WindowedLoss(model, t.With(ReferenceChoice(model, t, eot, planIds, charge, window)), eot, window));
            Assert.Equal(charge, figure.Charge);
            Assert.Equal(sum / plain, figure.MeanNegativeLogLikelihood, 1e-5);
        }
    }

    /// <summary>The story's ids with a plan id (cycling) before its first token and after every second sentence end.</summary>
    static int[] Annotate(ByteLevelBpeTokenizer tokenizer, string story, int[] planIds, int seed)
    {
        var ids = new List<int>();
        int sentences = 0, next = seed;
        foreach (int id in tokenizer.Encode(story))
        {
            if (ids.Count == 0 || (sentences % 2 == 0 && sentences > 0 && EndsSentence(tokenizer, ids[^1]))) ids.Add(planIds[next++ % planIds.Length]);
            ids.Add(id);
            if (EndsSentence(tokenizer, id)) sentences++;
        }
        return [.. ids];
    }

    static bool EndsSentence(ByteLevelBpeTokenizer tokenizer, int id) => id < tokenizer.VocabularySize && tokenizer.Decode([id]).TrimEnd() is [.., '.' or '!' or '?'];

    /// <summary>The search as first written: each slot's rows [tail of before, c, chunk] through the training forward.</summary>
    static int[] ReferenceChoice(GptNeoModel model, PlanSlots text, int eot, int[] candidates, PlanCharge charge, int window)
    {
        int V = model.Config.VocabularySize;
        var chosen = new int[text.Slots.Length];
        for (int slot = 0; slot < text.Slots.Length; slot++)
        {
            var before = text.Before(slot, chosen);
            before.Insert(0, eot);
            if (charge == PlanCharge.GreedyPlan)
            {
                var tail = before.Skip(Math.Max(0, before.Count - window)).ToArray();
                var at = model.Forward(tail, 1, tail.Length).Slice((tail.Length - 1) * V, V).ToArray();
                chosen[slot] = candidates.First(c => candidates.All(o => at[o] <= at[c]));
                continue;
            }
            int end = slot + 1 < text.Slots.Length ? text.Slots[slot + 1] : text.Plain.Length;
            var after = text.Plain[text.Slots[slot]..end].ToList();
            if (slot + 1 == text.Slots.Length) after.Add(eot);
            after = after.Take((window - 1) / 2).ToList();
            var context = before.Skip(Math.Max(0, before.Count - (window - 1 - after.Count))).ToArray();
            double lowest = double.PositiveInfinity;
            foreach (int c in candidates)
            {
                int[] row = [.. context, c, .. after];
                var targets = row.Skip(1).Select((t, p) => p >= context.Length - 1 ? t : -1).ToArray();
                var logits = model.Forward(row[..^1], 1, row.Length - 1);
                var losses = new float[targets.Length];
                SoftmaxCrossEntropy.Forward(logits, targets, losses, targets.Length, V);
                double loss = losses.Sum(l => (double)l);
                if (loss < lowest) (lowest, chosen[slot]) = (loss, c);
            }
        }
        return chosen;
    }

    /// <summary>Summed loss of [EOT] + text + [EOT] in consecutive windows, through the training forward.</summary>
    static double WindowedLoss(GptNeoModel model, int[] text, int eot, int window)
    {
        int[] sequence = [eot, .. text, eot];
        double sum = 0;
        for (int start = 0; start < sequence.Length - 1; start += window)
        {
            int length = Math.Min(window, sequence.Length - 1 - start);
            sum += model.LossSum(sequence.AsSpan(start, length), sequence.AsSpan(start + 1, length), 1, length).Sum;
        }
        return sum;
    }
}
