namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Forward activations for batches of up to (B, T). Per block l (BT = B·T, F = MLP width): Ln1/Ln2 [BT,C] with their
/// Mean/Rstd [BT], Q/K/V [BT,C], Att [B,NH,T,T] (softmax probabilities), AttY [BT,C] (heads merged, before out_proj),
/// Residual2 [BT,C] (after attention), Fc [BT,F] (before gelu), FcGelu [BT,F], Residual3 [BT,C] (block output).
/// <see cref="ForTraining"/> keeps every layer's activations for the backward pass; <see cref="ForInference"/> lets all
/// layers share one set (the residual stream updated in place, attention probabilities for a few sequences at a time,
/// logits for a block of rows), so scoring and generation need one layer's memory, not the whole network's.
/// </summary>
public sealed class GptNeoActivations
{
    /// <summary>Attention probabilities an inference buffer holds at most (floats): 64 MB, a few long sequences' heads.</summary>
    const long InferenceAttentionFloats = 16L << 20;

    /// <summary>Rows of logits an inference buffer holds at once: with the GPT-2 vocabulary about 51 MB.</summary>
    const int InferenceLogitRows = 256;

    GptNeoActivations(GptNeoConfig config, int batch, int sequence, bool inference, bool keepKeysValues)
    {
        B = batch;
        T = sequence;
        int bt = batch * sequence, C = config.HiddenSize, F = config.MlpSize, L = config.Layers;
        long perSequenceAttention = (long)config.Heads * sequence * sequence;
        AttentionGroup = inference ? (int)Math.Clamp(InferenceAttentionFloats / perSequenceAttention, 1, batch) : batch;
        LogitRows = inference ? Math.Min(bt, InferenceLogitRows) : bt;
        long attention = AttentionGroup * perSequenceAttention;
        long logits = (long)LogitRows * config.VocabularySize;
        if (attention > Array.MaxLength || logits > Array.MaxLength || (long)bt * Math.Max(C, F) > Array.MaxLength)
            throw new ArgumentException($"Batch {batch} × sequence {sequence} is too large for one step of this model; lower the batch size or sequence length.");
        // Inference: one array serves every layer (and the residual stream, Encoded → Residual2 → Residual3, is one array).
        float[][] Make(long size) => inference ? Enumerable.Repeat(new float[size], L).ToArray() : Enumerable.Range(0, L).Select(_ => new float[size]).ToArray();
        Encoded = new float[bt * C];
        Ln1 = Make(bt * C); Ln1Mean = Make(bt); Ln1Rstd = Make(bt);
        Q = Make(bt * C);
        K = inference && !keepKeysValues ? Make(bt * C) : Enumerable.Range(0, L).Select(_ => new float[bt * C]).ToArray();
        V = inference && !keepKeysValues ? Make(bt * C) : Enumerable.Range(0, L).Select(_ => new float[bt * C]).ToArray();
        Att = Make(attention); AttY = Make(bt * C);
        Residual2 = inference ? Enumerable.Repeat(Encoded, L).ToArray() : Make(bt * C);
        Ln2 = inference ? Ln1 : Make(bt * C); Ln2Mean = inference ? Ln1Mean : Make(bt); Ln2Rstd = inference ? Ln1Rstd : Make(bt);
        Fc = Make((long)bt * F); FcGelu = Make((long)bt * F);
        Residual3 = inference ? Residual2 : Make(bt * C);
        Projection = new float[bt * C];
        LnF = inference ? Ln1[0] : new float[bt * C]; LnFMean = new float[bt]; LnFRstd = new float[bt];
        Logits = new float[logits];
        Losses = new float[LogitRows];
    }

    /// <summary>Every layer's activations for (B, T), kept for the backward pass; logits for all B·T rows.</summary>
    public static GptNeoActivations ForTraining(GptNeoConfig config, int batch, int sequence) => new(config, batch, sequence, inference: false, keepKeysValues: false);

    /// <summary>
    /// One layer's activations, shared by all layers, for batches of up to (B, T); <paramref name="keepKeysValues"/> keeps
    /// each layer's K and V (a generation cache is filled from them).
    /// </summary>
    public static GptNeoActivations ForInference(GptNeoConfig config, int batch, int sequence, bool keepKeysValues = false) =>
        new(config, batch, sequence, inference: true, keepKeysValues);

    /// <summary>Most sequences per batch.</summary>
    public int B { get; }

    /// <summary>Most positions per sequence.</summary>
    public int T { get; }

    /// <summary>Sequences whose attention probabilities <see cref="Att"/> holds at once (B for training).</summary>
    public int AttentionGroup { get; }

    /// <summary>Rows <see cref="Logits"/> holds (B·T for training).</summary>
    public int LogitRows { get; }

    /// <summary>[BT,C] token + position embedding.</summary>
    public float[] Encoded { get; }
    public float[][] Ln1 { get; }
    public float[][] Ln1Mean { get; }
    public float[][] Ln1Rstd { get; }
    public float[][] Q { get; }
    public float[][] K { get; }
    public float[][] V { get; }
    public float[][] Att { get; }
    public float[][] AttY { get; }
    public float[][] Residual2 { get; }
    public float[][] Ln2 { get; }
    public float[][] Ln2Mean { get; }
    public float[][] Ln2Rstd { get; }
    public float[][] Fc { get; }
    public float[][] FcGelu { get; }
    public float[][] Residual3 { get; }

    /// <summary>[BT,C] scratch for out_proj and c_proj outputs before they join the residual stream (not needed by backward).</summary>
    public float[] Projection { get; }
    public float[] LnF { get; }
    public float[] LnFMean { get; }
    public float[] LnFRstd { get; }

    /// <summary>[LogitRows,V] logits; after a training step they hold the scaled logit gradients instead.</summary>
    public float[] Logits { get; }

    /// <summary>[LogitRows] per-position cross-entropy.</summary>
    public float[] Losses { get; }
}

/// <summary>
/// Activation-gradient scratch for the backward pass, sized for one block and reused by every block, so training memory
/// grows with one layer's gradients rather than all of them. DResidual [BT,C] carries the residual-stream gradient down.
/// </summary>
public sealed class GptNeoGradientScratch
{
    public GptNeoGradientScratch(GptNeoConfig config, int batch, int sequence)
    {
        int bt = batch * sequence, C = config.HiddenSize, F = config.MlpSize;
        DResidual = new float[bt * C];
        DLn = new float[bt * C];
        DQ = new float[bt * C]; DK = new float[bt * C]; DV = new float[bt * C];
        DAttY = new float[bt * C];
        DFc = new float[(long)bt * F];
        DFcGelu = new float[(long)bt * F];
    }

    public float[] DResidual { get; }
    public float[] DLn { get; }
    public float[] DQ { get; }
    public float[] DK { get; }
    public float[] DV { get; }
    public float[] DAttY { get; }
    public float[] DFc { get; }
    public float[] DFcGelu { get; }
}
