namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>Small configurations and data shared by the tests.</summary>
static class TinyModels
{
    /// <summary>V 23, C 16, 2 layers (global, local window 3), 4 heads, context 32.</summary>
    public static GptNeoConfig Config(int vocabulary = 23) => GptNeoConfig.Alternating(vocabulary, hiddenSize: 16, layers: 2, heads: 4, windowSize: 3, maxPositions: 32);

    /// <summary>Token ids drawn uniformly from [0, vocabulary).</summary>
    public static int[] RandomTokens(int count, int vocabulary, long seed)
    {
        var random = new DeterministicRandom(seed);
        return Enumerable.Range(0, count).Select(_ => random.NextInt(vocabulary)).ToArray();
    }

    /// <summary>A token stream with learnable structure: repeated short ascending runs.</summary>
    public static int[] PatternTokens(int count, int vocabulary)
    {
        var tokens = new int[count];
        for (int i = 0; i < count; i++) tokens[i] = (i * 7 + i / 5) % vocabulary;
        return tokens;
    }
}
