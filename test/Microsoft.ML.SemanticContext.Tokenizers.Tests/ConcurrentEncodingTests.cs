namespace Microsoft.ML.SemanticContext.Tokenizers.Tests;

public class ConcurrentEncodingTests
{
    [Fact]
    public void EncodingOnManyThreadsWithAColdCacheGivesTheSequentialIds()
    {
        var stories = TestData.CleanStories(skip: 1000, count: 600);
        var sequential = stories.Select(TestData.Gpt2.Encode).ToArray();

        var fresh = TestData.LoadGpt2();
        var parallel = new int[stories.Count][];
        Parallel.For(0, stories.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = fresh.Encode(stories[i]));

        for (var i = 0; i < stories.Count; i++) Assert.Equal(sequential[i], parallel[i]);
    }
}
