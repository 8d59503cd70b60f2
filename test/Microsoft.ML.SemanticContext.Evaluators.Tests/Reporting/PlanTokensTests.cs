using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Reporting;

public class PlanTokensTests
{
    static string Show(IEnumerable<PlanTokens.StoryPiece> pieces) =>
        string.Concat(pieces.Select(p => p.InPrompt ? $"[{p.Text}]" : p.Text));

    [Fact]
    public void AnAnnotatedPromptIsMarkedAndTheModelsTokensAreNot()
    {
        var pieces = PlanTokens.SplitStory("Tim went to the", "<cluster_3> Tim went to the park. <cluster_1> He smiled.");
        Assert.Equal("[<cluster_3>][ Tim went to the] park. <cluster_1> He smiled.", Show(pieces));
        Assert.Equal([3, 1], pieces.Where(p => p.ClusterId is not null).Select(p => p.ClusterId!.Value));
    }

    [Fact]
    public void APromptCutMidWordEndsMidWord() =>
        Assert.Equal("[It walked around the fo]rest.", Show(PlanTokens.SplitStory("It walked around the fo", "It walked around the forest.")));

    [Fact]
    public void AContinuationWithoutThePromptIsAllTheModels() =>
        Assert.Equal(" ran home.", Show(PlanTokens.SplitStory("Tim went to the", " ran home.")));

    [Fact]
    public void TokensInsideThePromptAreGivenOnes() =>
        Assert.Equal("[<cluster_0>][ Once upon a time. ][<cluster_4>][ One day, he] ran.",
            Show(PlanTokens.SplitStory("Once upon a time. One day, he", "<cluster_0> Once upon a time. <cluster_4> One day, he ran.")));
}
