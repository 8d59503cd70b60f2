namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>Which keys a GPT-Neo attention layer may look at: every earlier position, or only the last <see cref="GptNeoConfig.WindowSize"/>.</summary>
public enum AttentionKind { Global, Local }

/// <summary>
/// The shape of a GPT-Neo causal language model, mirroring the Hugging Face <c>config.json</c> fields that change the
/// computation. Dropout is absent on purpose: the TinyStories checkpoints use none, and training here runs without it.
/// </summary>
public sealed record GptNeoConfig
{
    /// <summary>Rows of the token embedding and of the LM head.</summary>
    public required int VocabularySize { get; init; }

    /// <summary>Rows of the learned position embedding: the longest context the model can read.</summary>
    public int MaxPositions { get; init; } = 2048;

    /// <summary>Channels C of the residual stream.</summary>
    public required int HiddenSize { get; init; }

    /// <summary>Heads per attention layer; must divide <see cref="HiddenSize"/>.</summary>
    public required int Heads { get; init; }

    /// <summary>One entry per transformer block; its length is the number of layers.</summary>
    public required IReadOnlyList<AttentionKind> AttentionLayers { get; init; }

    /// <summary>Local layers attend to keys j with i − WindowSize &lt; j ≤ i.</summary>
    public int WindowSize { get; init; } = 256;

    /// <summary>Width of the MLP's hidden layer (Hugging Face uses 4·C when the config says null).</summary>
    public int? IntermediateSize { get; init; }

    public float LayerNormEpsilon { get; init; } = 1e-5f;

    /// <summary>
    /// True (Hugging Face's default): the LM head is the token embedding. False: the head is a matrix of its own,
    /// <c>lm_head.weight</c> [V, C], trained and saved beside <c>transformer.wte.weight</c>.
    /// </summary>
    public bool TieWordEmbeddings { get; init; } = true;

    public int Layers => AttentionLayers.Count;
    public int MlpSize => IntermediateSize ?? 4 * HiddenSize;
    public int HeadSize => HiddenSize / Heads;

    /// <summary>GPT-2 byte-level BPE vocabulary size, used by the TinyStories checkpoints.</summary>
    public const int Gpt2VocabularySize = 50257;

    /// <summary>TinyStories-1M: hidden 64, 8 layers alternating global/local, 16 heads, window 256.</summary>
    public static GptNeoConfig TinyStories1M(int vocabularySize = Gpt2VocabularySize) =>
        Alternating(vocabularySize, hiddenSize: 64, layers: 8, heads: 16);

    /// <summary>TinyStories-33M: hidden 768, 4 layers alternating global/local, 16 heads, window 256.</summary>
    public static GptNeoConfig TinyStories33M(int vocabularySize = Gpt2VocabularySize) =>
        Alternating(vocabularySize, hiddenSize: 768, layers: 4, heads: 16);

    /// <summary>Any size with the TinyStories layer pattern: global, local, global, local, …</summary>
    public static GptNeoConfig Alternating(int vocabularySize, int hiddenSize, int layers, int heads, int windowSize = 256, int maxPositions = 2048) =>
        new GptNeoConfig
        {
            VocabularySize = vocabularySize,
            HiddenSize = hiddenSize,
            Heads = heads,
            AttentionLayers = Enumerable.Range(0, layers).Select(i => i % 2 == 0 ? AttentionKind.Global : AttentionKind.Local).ToArray(),
            WindowSize = windowSize,
            MaxPositions = maxPositions,
        }.Validated();

    /// <summary>Throws with the offending field when the shape cannot describe a model; returns this for chaining.</summary>
    public GptNeoConfig Validated()
    {
        Require(VocabularySize > 0, $"vocabulary size must be positive (got {VocabularySize})");
        Require(MaxPositions > 0, $"max positions must be positive (got {MaxPositions})");
        Require(HiddenSize > 0, $"hidden size must be positive (got {HiddenSize})");
        Require(Heads > 0 && HiddenSize % Heads == 0, $"heads ({Heads}) must divide the hidden size ({HiddenSize})");
        Require(Layers > 0, "a model needs at least one layer");
        Require(WindowSize > 0, $"window size must be positive (got {WindowSize})");
        Require(MlpSize > 0, $"intermediate size must be positive (got {MlpSize})");
        Require(LayerNormEpsilon > 0, $"layer-norm epsilon must be positive (got {LayerNormEpsilon})");
        // The parameters live in one float[]; a huge context or vocabulary would overflow its length.
        Require(ParameterCount <= Array.MaxLength, $"{ParameterCount:N0} parameters do not fit in one buffer of at most {Array.MaxLength:N0} floats");
        return this;
    }

    /// <summary>The attention window the kernels take for layer <paramref name="layer"/>: int.MaxValue for global layers.</summary>
    public int WindowOf(int layer) => AttentionLayers[layer] == AttentionKind.Local ? WindowSize : int.MaxValue;

    /// <summary>Total parameter count (a tied LM head adds none; an untied one V·C).</summary>
    public long ParameterCount => new GptNeoParameterLayout(this).TotalSize;

    public bool Equals(GptNeoConfig? other) =>
        other is not null && VocabularySize == other.VocabularySize && MaxPositions == other.MaxPositions && HiddenSize == other.HiddenSize
        && Heads == other.Heads && WindowSize == other.WindowSize && MlpSize == other.MlpSize && LayerNormEpsilon == other.LayerNormEpsilon
        && TieWordEmbeddings == other.TieWordEmbeddings && AttentionLayers.SequenceEqual(other.AttentionLayers);

    public override int GetHashCode() => HashCode.Combine(VocabularySize, MaxPositions, HiddenSize, Heads, WindowSize, MlpSize, Layers, TieWordEmbeddings);

    static void Require(bool condition, string message)
    {
        if (!condition) throw new InvalidInputException($"Invalid GPT-Neo configuration: {message}.");
    }
}
