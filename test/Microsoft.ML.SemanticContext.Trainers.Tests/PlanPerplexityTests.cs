using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>
/// A plan-token model pays for its plans: each figure is checked against a brute-force reference that scores whole
/// sequences with <see cref="GptNeoModel.Loss"/>, and the reported figures do not move with the annotator's tokens.
/// </summary>
public class PlanPerplexityTests
{
    const int Eot = 22;
    static readonly int[] PlanIds = [18, 19, 20];
    static readonly int[] Slots = [0, 5, 9];
    static readonly GptNeoModel Model = GptNeoModel.CreateRandom(TinyModels.Config(), seed: 8);
    static readonly int[] Plain = TinyModels.RandomTokens(12, 18, seed: 3);

    static int[] Annotated(IReadOnlyList<int> plans)
    {
        var ids = Plain.ToList();
        for (int j = Slots.Length - 1; j >= 0; j--) ids.Insert(Slots[j], plans[j]);
        return [.. ids];
    }

    static IReadOnlyList<PerplexityResult> Figures(IReadOnlyList<int> oracle) =>
        Perplexity.ComputeWithPlans(Model, [Annotated(oracle)], Eot, PlanIds.ToHashSet());

    /// <summary>Summed loss of the predictions of sequence[p + 1] for p ≥ <paramref name="from"/>.</summary>
    static double SumLoss(int[] sequence, int from)
    {
        var targets = sequence[1..].Select((t, p) => p >= from ? t : -1).ToArray();
        return Model.Loss(sequence[..^1], targets, 1, targets.Length) * (double)targets.Count(t => t >= 0);
    }

    /// <summary>[EOT], the plain ids before slot <paramref name="slot"/> with <paramref name="plans"/> at the earlier slots.</summary>
    static List<int> Before(int slot, IReadOnlyList<int> plans)
    {
        var ids = new List<int> { Eot };
        int at = 0;
        for (int j = 0; j <= slot; j++)
        {
            int end = j < Slots.Length ? Slots[j] : Plain.Length;
            ids.AddRange(Plain[at..end]);
            if (j < slot) ids.Add(plans[j]);
            at = end;
        }
        return ids;
    }

    static double PathPerplexity(IReadOnlyList<int> plans) =>
        Math.Exp(SumLoss([Eot, .. Annotated(plans), Eot], 0) / (Plain.Length + 1));

    [Fact]
    public void TheBestPlanIsChosenSlotBySlotByTheLossOfThePlanAndItsChunkAndCounted()
    {
        var plans = new List<int>();
        for (int slot = 0; slot < Slots.Length; slot++)
        {
            var before = Before(slot, plans);
            int end = slot + 1 < Slots.Length ? Slots[slot + 1] : Plain.Length;
            var chunk = Plain[Slots[slot]..end].Concat(slot + 1 == Slots.Length ? [Eot] : Array.Empty<int>());
            plans.Add(PlanIds.MinBy(c => SumLoss([.. before, c, .. chunk], before.Count - 1)));
        }
        var best = Figures([18, 18, 18])[0];
        Assert.Equal((PlanCharge.BestPlan, 13L, 3L, 1), (best.Charge, best.PlainTokens, best.PlanTokens, best.Texts));
        Assert.Equal(PathPerplexity(plans), best.Perplexity, 1e-4);
    }

    [Fact]
    public void TheGreedyPlanIsTheModelsMostLikelyPlanTokenAtEachSlotAndCounted()
    {
        var plans = new List<int>();
        for (int slot = 0; slot < Slots.Length; slot++)
        {
            var before = Before(slot, plans).ToArray();
            var logits = Model.Forward(before, 1, before.Length).Slice((before.Length - 1) * 23, 23).ToArray();
            plans.Add(PlanIds.MaxBy(c => logits[c]));
        }
        var greedy = Figures([18, 18, 18])[1];
        Assert.Equal((PlanCharge.GreedyPlan, 13L, 3L), (greedy.Charge, greedy.PlainTokens, greedy.PlanTokens));
        Assert.Equal(PathPerplexity(plans), greedy.Perplexity, 1e-4);
    }

    [Fact]
    public void OracleTokensThatLowerTheDiagnosticDoNotMoveTheReportedFigures()
    {
        var assignments = (from a in PlanIds from b in PlanIds from c in PlanIds select new[] { a, b, c }).ToList();
        var figures = assignments.Select(Figures).ToList();
        var oracle = figures.Select(f => f[2]).ToList();
        Assert.All(oracle, o => Assert.Equal(PlanCharge.OraclePlan, o.Charge));
        // The oracle figure: plan tokens read, not counted, divided by the plain-text tokens.
        var targets = new[] { Eot }.Concat(Annotated(assignments[0])).Append(Eot).ToArray()[1..].Select(t => PlanIds.Contains(t) ? -1 : t).ToArray();
        var sequence = new[] { Eot }.Concat(Annotated(assignments[0])).ToArray();
        Assert.Equal(Math.Exp(Model.Loss(sequence, targets, 1, targets.Length)), oracle[0].Perplexity, 1e-4);

        var flattering = oracle.MinBy(o => o.Perplexity)!;
        Assert.True(flattering.Perplexity < oracle.Max(o => o.Perplexity) - 0.01, "the annotator's choice moves the oracle figure");
        Assert.True(flattering.Perplexity < figures[0][0].Perplexity, "the oracle figure flatters the model");
        foreach (var f in figures)
        {
            Assert.Equal(figures[0][0], f[0]);
            Assert.Equal(figures[0][1], f[1]);
        }
    }

    [Fact]
    public void TheAnnotatorPlanFigureCountsEveryTokenOfTheAnnotatedTextOverThePlainTokens()
    {
        int[] plans = [19, 20, 18];
        var figure = Perplexity.ComputeWithAnnotatorPlan(Model, [Annotated(plans)], Eot, PlanIds.ToHashSet());
        Assert.Equal(PlanCharge.AnnotatorPlan, figure.Charge);
        Assert.Equal((Plain.Length + 1L, 3L), (figure.PlainTokens, figure.PlanTokens));
        Assert.Equal(PathPerplexity(plans), figure.Perplexity, 1e-4 * figure.Perplexity);
    }

    [Fact]
    public void EveryFigureIsDividedByThePlainTextTokensAVanillaModelIsDividedBy()
    {
        var vanilla = Perplexity.Compute(Model, [Plain], Eot);
        Assert.All(Figures([19, 20, 18]), f => Assert.Equal(vanilla.PlainTokens, f.PlainTokens));
        // A window shorter than the text changes the context, not what is counted.
        var windowed = Perplexity.ComputeWithPlans(Model, [Annotated([19, 20, 18]), Plain], Eot, PlanIds.ToHashSet(), windowLength: 6);
        Assert.All(windowed, f => Assert.Equal(2 * vanilla.PlainTokens, f.PlainTokens));
        Assert.All(windowed, f => Assert.Equal(3, f.PlanTokens));
    }
}
