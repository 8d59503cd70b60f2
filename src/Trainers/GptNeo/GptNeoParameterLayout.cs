namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>One tensor's place inside the contiguous parameter buffer, under its Hugging Face GPT-Neo name.</summary>
public sealed record ParameterTensor(string Name, int[] Shape, long Offset)
{
    public long Size => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Matrices and embeddings; AdamW's weight decay applies only to these, not to biases and LayerNorm gains.</summary>
    public bool IsMatrix => Shape.Length == 2;
}

/// <summary>Offsets of one transformer block's tensors in the parameter (and gradient) buffer.</summary>
public readonly record struct BlockOffsets(
    long Ln1Weight, long Ln1Bias, long QWeight, long KWeight, long VWeight, long OutWeight, long OutBias,
    long Ln2Weight, long Ln2Bias, long FcWeight, long FcBias, long ProjWeight, long ProjBias);

/// <summary>
/// Where every GPT-Neo tensor lives in one contiguous float buffer (llm.c style), in Hugging Face order:
/// wte [V,C], wpe [maxT,C], then per block ln_1 [C]×2, q/k/v_proj [C,C], out_proj [C,C]+[C], ln_2 [C]×2,
/// c_fc [F,C]+[F], c_proj [C,F]+[C], then ln_f [C]×2, and last lm_head [V,C] when the head is not tied to wte.
/// Linear weights are [out, in], as Matmul expects.
/// </summary>
public sealed class GptNeoParameterLayout
{
    readonly List<ParameterTensor> tensors = new();
    readonly Dictionary<string, ParameterTensor> byName = new(StringComparer.Ordinal);

    public GptNeoParameterLayout(GptNeoConfig config)
    {
        int V = config.VocabularySize, C = config.HiddenSize, F = config.MlpSize;
        TokenEmbedding = Add("transformer.wte.weight", V, C);
        PositionEmbedding = Add("transformer.wpe.weight", config.MaxPositions, C);
        var blocks = new BlockOffsets[config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            string p = $"transformer.h.{l}.";
            blocks[l] = new BlockOffsets(
                Ln1Weight: Add(p + "ln_1.weight", C),
                Ln1Bias: Add(p + "ln_1.bias", C),
                QWeight: Add(p + "attn.attention.q_proj.weight", C, C),
                KWeight: Add(p + "attn.attention.k_proj.weight", C, C),
                VWeight: Add(p + "attn.attention.v_proj.weight", C, C),
                OutWeight: Add(p + "attn.attention.out_proj.weight", C, C),
                OutBias: Add(p + "attn.attention.out_proj.bias", C),
                Ln2Weight: Add(p + "ln_2.weight", C),
                Ln2Bias: Add(p + "ln_2.bias", C),
                FcWeight: Add(p + "mlp.c_fc.weight", F, C),
                FcBias: Add(p + "mlp.c_fc.bias", F),
                ProjWeight: Add(p + "mlp.c_proj.weight", C, F),
                ProjBias: Add(p + "mlp.c_proj.bias", C));
        }
        Blocks = blocks;
        FinalNormWeight = Add("transformer.ln_f.weight", C);
        FinalNormBias = Add("transformer.ln_f.bias", C);
        OutputHead = config.TieWordEmbeddings ? TokenEmbedding : Add(OutputHeadName, V, C);
    }

    /// <summary>Hugging Face's name of an untied LM head.</summary>
    public const string OutputHeadName = "lm_head.weight";

    public IReadOnlyList<ParameterTensor> Tensors => tensors;
    public IReadOnlyList<BlockOffsets> Blocks { get; }
    public long TokenEmbedding { get; }
    public long PositionEmbedding { get; }
    public long FinalNormWeight { get; }
    public long FinalNormBias { get; }

    /// <summary>The LM head [V, C] the logits are computed with: <see cref="TokenEmbedding"/> when tied, else lm_head.weight.</summary>
    public long OutputHead { get; }
    public long TotalSize { get; private set; }

    public bool TryGet(string name, out ParameterTensor tensor) => byName.TryGetValue(name, out tensor!);

    long Add(string name, params int[] shape)
    {
        var t = new ParameterTensor(name, shape, TotalSize);
        tensors.Add(t);
        byName.Add(name, t);
        TotalSize += t.Size;
        return t.Offset;
    }
}
