using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

public class GenerationTests
{
    static GptNeoModel Model() => GptNeoCheckpoint.Import(TestPaths.TinyCheckpoint);

    [Fact]
    public void GreedyGenerationWithTheCacheEqualsGenerationWithout()
    {
        // Context 16, window 4: the 3 + 12 positions cross the local window several times.
        var prompt = new[] { 5, 17, 42 };
        var options = new SamplingOptions { Temperature = 0, MaxNewTokens = 12 };
        var cached = GptNeoGenerator.Generate(Model(), prompt, 3, options);
        var uncached = GptNeoGenerator.Generate(Model(), prompt, 3, options with { UseCache = false });
        Assert.Equal(12, cached[0].Length);
        Assert.Equal(uncached, cached);
    }

    [Fact]
    public void SampledGenerationWithTheCacheEqualsGenerationWithoutAndDependsOnTheSeed()
    {
        var prompt = new[] { 1, 2 };
        var options = new SamplingOptions { Temperature = 1.3f, TopK = 20, TopP = 0.9f, MaxNewTokens = 10, Seed = 3 };
        var cached = GptNeoGenerator.Generate(Model(), prompt, 4, options);
        Assert.Equal(GptNeoGenerator.Generate(Model(), prompt, 4, options with { UseCache = false }), cached);
        Assert.Equal(cached, GptNeoGenerator.Generate(Model(), prompt, 4, options));
        Assert.NotEqual(cached, GptNeoGenerator.Generate(Model(), prompt, 4, options with { Seed = 4 }));
        Assert.True(cached.Distinct(new SequenceComparer()).Count() > 1, "four samples should not all be equal");
    }

    [Fact]
    public void GenerationStopsAtTheStopTokenAndAtTheContextEnd()
    {
        var model = Model();
        var greedy = new SamplingOptions { Temperature = 0, MaxNewTokens = 100 };
        var free = GptNeoGenerator.Generate(model, new[] { 5 }, 1, greedy)[0];
        Assert.Equal(15, free.Length);  // context 16 minus the prompt
        var stopped = GptNeoGenerator.Generate(model, new[] { 5 }, 1, greedy with { StopToken = free[3] })[0];
        Assert.Equal(free[..(Array.IndexOf(free, free[3]) + 1)], stopped);
    }

    [Fact]
    public void TopKOfOneIsGreedy()
    {
        var prompt = new[] { 7, 8, 9 };
        Assert.Equal(
            GptNeoGenerator.Generate(Model(), prompt, 2, new SamplingOptions { Temperature = 0, MaxNewTokens = 6 }),
            GptNeoGenerator.Generate(Model(), prompt, 2, new SamplingOptions { Temperature = 0.7f, TopK = 1, MaxNewTokens = 6, Seed = 9 }));
    }

    [Fact]
    public void LargeAttentionScoresStayFiniteWithAndWithoutTheCache()
    {
        // GPT-Neo does not scale scores by 1/√d, so trained models reach scores in the hundreds; softmax must not overflow.
        var model = Model();
        foreach (var t in model.Layout.Tensors.Where(t => t.Name.EndsWith("q_proj.weight") || t.Name.EndsWith("k_proj.weight")))
            foreach (ref float w in model.Parameters.AsSpan((int)t.Offset, (int)t.Size)) w *= 30;
        var tokens = new[] { 3, 14, 15, 92, 65, 35, 89, 79 };
        Assert.All(model.Forward(tokens, 1, tokens.Length).ToArray(), x => Assert.True(float.IsFinite(x)));
        var options = new SamplingOptions { Temperature = 0, MaxNewTokens = 6 };
        Assert.Equal(GptNeoGenerator.Generate(model, tokens, 1, options with { UseCache = false }), GptNeoGenerator.Generate(model, tokens, 1, options));
    }

    [Fact]
    public void PromptAsLongAsTheContextIsRejected()
    {
        var e = Assert.Throws<InvalidInputException>(() => GptNeoGenerator.Generate(Model(), new int[16], 1, new SamplingOptions()));
        Assert.Contains("16 tokens", e.Message);
    }

    sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x!.SequenceEqual(y!);
        public int GetHashCode(int[] obj) => obj.Aggregate(17, (h, v) => h * 31 + v);
    }
}
