using Microsoft.ML.SemanticContext.Tokenizers;
using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

public class CausalLanguageModelTests
{
    static CausalLanguageModel Create()
    {
        var tokenizer = ByteLevelBpeTokenizer.Train(new[] { "Once upon a time there was a dog. The dog was happy.", "The end of the story." }, 300);
        PlanTokenVocabulary.AddTo(tokenizer, 3);
        var model = GptNeoModel.CreateRandom(GptNeoConfig.Alternating(tokenizer.VocabularySize, 16, 2, 2, windowSize: 4, maxPositions: 64), seed: 2);
        return new CausalLanguageModel(model, tokenizer);
    }

    [Fact]
    public void SaveThenLoadGivesTheSameTokensAndLogits()
    {
        using var folder = new TestPaths.TempFolder();
        var lm = Create();
        lm.Save(folder.Path);
        var loaded = CausalLanguageModel.Load(folder.Path);
        var ids = lm.Tokenizer.Encode("<cluster_1> Once upon a dog.");
        Assert.Equal(ids, loaded.Tokenizer.Encode("<cluster_1> Once upon a dog."));
        Assert.Equal(lm.Model.Forward(ids, 1, ids.Length).ToArray(), loaded.Model.Forward(ids, 1, ids.Length).ToArray());
    }

    [Fact]
    public void ClusterTokensAreStrippedUnlessKept()
    {
        var lm = Create();
        var options = new SamplingOptions { MaxNewTokens = 40, Temperature = 2f, Seed = 5 };
        var kept = lm.Generate("<cluster_0>Once", 6, options, keepClusterTokens: true);
        var stripped = lm.Generate("<cluster_0>Once", 6, options, keepClusterTokens: false);
        Assert.Equal("Once", stripped[0].Prompt);
        Assert.Contains(kept, g => g.Continuation.Contains("<cluster_"));
        Assert.All(stripped, g => Assert.DoesNotContain("<cluster_", g.Continuation));
        Assert.Equal(kept.Select(g => ClusterTokens.Strip(g.Continuation)), stripped.Select(g => g.Continuation));
    }

    [Fact]
    public void ATokenizerLargerThanTheEmbeddingIsRejected()
    {
        var lm = Create();
        var small = GptNeoModel.CreateRandom(GptNeoConfig.Alternating(lm.Tokenizer.VocabularySize - 1, 16, 2, 2), seed: 1);
        Assert.Throws<InvalidInputException>(() => new CausalLanguageModel(small, lm.Tokenizer));
    }
}
