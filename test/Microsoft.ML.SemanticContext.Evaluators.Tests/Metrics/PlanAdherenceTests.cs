using Microsoft.ML.SemanticContext.Evaluators.Metrics;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Metrics;

public class PlanAdherenceTests
{
    [Fact]
    public void AdherenceAndChanceFromAHandMadeAnnotatorOutcome()
    {
        // Planned 0 0 1 2 1, annotator says 0 1 1 2 0: chunks 1, 3 and 4 match.
        PlannedChunk[] chunks = [new(0, 0), new(0, 1), new(1, 1), new(2, 2), new(1, 0)];
        var r = PlanAdherence.Compute("sct", chunks);
        Assert.Equal(5, r.Chunks);
        Assert.Equal(3 / 5.0, r.Adherence, 12);
        // p_model = (0.4, 0.4, 0.2), p_annotator = (0.4, 0.4, 0.2): 0.16 + 0.16 + 0.04.
        Assert.Equal(0.36, r.Chance, 12);
    }

    [Fact]
    public void ChanceIgnoresClustersOnlyOneSideUses()
    {
        // The model always writes 3; the annotator never says 3: no agreement is possible, and chance is 0.
        var r = PlanAdherence.Compute("sct", [new(3, 0), new(3, 1)]);
        Assert.Equal(0, r.Adherence);
        Assert.Equal(0, r.Chance);
        Assert.True(double.IsNaN(PlanAdherence.Compute("sct", []).Adherence));
    }

    [Fact]
    public void PrependedTokensLabelTheTextAfterThemAndTheContinuedChunkIsLeftOut()
    {
        var chunks = PlanTokens.WrittenChunks(" park with her mom. <cluster_2> They played ball. <cluster_4> The end. <cluster_1>", Placement.Prepend);
        Assert.Equal([(2, "They played ball."), (4, "The end.")], chunks);
    }

    [Fact]
    public void PostpendedTokensLabelTheTextBeforeThemAndTheContinuedChunkIsLeftOut()
    {
        var chunks = PlanTokens.WrittenChunks(" park with her mom. <cluster_0> They played ball. <cluster_3> The end. <cluster_4> And then", Placement.Postpend);
        Assert.Equal([(3, "They played ball."), (4, "The end.")], chunks);
    }
}
