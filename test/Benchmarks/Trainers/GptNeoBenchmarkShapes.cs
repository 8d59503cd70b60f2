using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Benchmarks.Trainers;

/// <summary>The model shapes the GPT-Neo benchmarks compare, all with the GPT-2 vocabulary, and their arithmetic cost.</summary>
static class GptNeoBenchmarkShapes
{
    /// <summary>"8M" (256 hidden, 8 layers, 16 heads: the hidden-256 TinyStories model), or a trainer preset: "1M" (64, 8, 16), "33M" (768, 4, 16), "cpu", hidden:layers:heads.</summary>
    public static GptNeoConfig Resolve(string name) => name.ToUpperInvariant() switch
    {
        "8M" or "256" => GptNeoConfig.Alternating(GptNeoConfig.Gpt2VocabularySize, hiddenSize: 256, layers: 8, heads: 16),
        _ => CausalLmPresets.Get(name).Shape(GptNeoConfig.Gpt2VocabularySize),
    };

    /// <summary>The peer script's shape arguments for the same model.</summary>
    public static string PeerArguments(GptNeoConfig c) =>
        $"--vocab {c.VocabularySize} --hidden {c.HiddenSize} --layers {c.Layers} --heads {c.Heads} --window {c.WindowSize} --positions {c.MaxPositions}";

    /// <summary>
    /// Floating-point operations of one forward pass over [B, T]: 2 per multiply-add in every linear layer (q, k, v,
    /// out, c_fc, c_proj, the tied LM head) and in attention's QKᵀ and AV over the keys each query may see.
    /// </summary>
    public static double ForwardFlops(GptNeoConfig c, int B, int T)
    {
        double linear = 2.0 * B * T * c.Layers * (4.0 * c.HiddenSize * c.HiddenSize + 2.0 * c.HiddenSize * c.MlpSize)
            + 2.0 * B * T * c.HiddenSize * c.VocabularySize;
        double attention = 0;
        for (int l = 0; l < c.Layers; l++)
            for (int i = 0; i < T; i++)
                attention += 2 * 2.0 * B * c.HiddenSize * Math.Min(i + 1, c.WindowOf(l));
        return linear + attention;
    }

    /// <summary>A training step costs about three forward passes (forward, and backward's two products per layer).</summary>
    public static double TrainingFlops(GptNeoConfig c, int B, int T) => 3 * ForwardFlops(c, B, T);
}
