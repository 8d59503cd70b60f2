using Microsoft.ML.SemanticContext.Experiments.Sweeps;

namespace Microsoft.ML.SemanticContext.Experiments.Tests.Sweeps;

public class SuccessiveHalvingTests
{
    [Fact]
    public void RungsAreBudgetOverEtaPowers()
    {
        Assert.Equal([6, 18, 54], new SuccessiveHalving(3, 3).RungSteps(54));
        Assert.Equal([11, 33, 100], new SuccessiveHalving(3, 3).RungSteps(100));
        Assert.Equal([1, 2], new SuccessiveHalving(3, 3).RungSteps(2));
        Assert.Equal([50, 100], new SuccessiveHalving(2, 2).RungSteps(100));
    }

    [Fact]
    public void PromotesTheBestThirdByFigureFailedLast()
    {
        var halving = new SuccessiveHalving();
        var rung = new (int, double?)[] { (1, 4.5), (2, 4.2), (3, null), (4, 4.9), (5, double.NaN), (6, 4.1), (7, 4.3), (8, 4.7), (9, 4.25) };
        Assert.Equal([6, 2, 9], halving.Promote(rung));
        Assert.Equal([2], halving.Promote([(2, 4.2), (6, 4.2)]).Take(1));
        Assert.Equal([7], halving.Promote([(3, null), (7, 5.0)]));
    }
}
