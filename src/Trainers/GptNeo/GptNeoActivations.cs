namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Forward activations for one (B, T) batch shape, kept for the backward pass. Per block l (BT = B·T, F = MLP width):
/// Ln1/Ln2 [BT,C] with their Mean/Rstd [BT], Q/K/V [BT,C], Att [B,NH,T,T] (softmax probabilities), AttY [BT,C]
/// (heads merged, before out_proj), Residual2 [BT,C] (after attention), Fc [BT,F] (before gelu), FcGelu [BT,F],
/// Residual3 [BT,C] (block output).
/// </summary>
public sealed class GptNeoActivations
{
    public GptNeoActivations(GptNeoConfig config, int batch, int sequence)
    {
        B = batch;
        T = sequence;
        int bt = batch * sequence, C = config.HiddenSize, F = config.MlpSize, L = config.Layers;
        long attention = (long)batch * config.Heads * sequence * sequence;
        long logits = (long)bt * config.VocabularySize;
        if (attention > Array.MaxLength || logits > Array.MaxLength)
            throw new ArgumentException($"Batch {batch} × sequence {sequence} is too large for one step of this model; lower the batch size or sequence length.");
        Encoded = new float[bt * C];
        Ln1 = Make(L, bt * C); Ln1Mean = Make(L, bt); Ln1Rstd = Make(L, bt);
        Q = Make(L, bt * C); K = Make(L, bt * C); V = Make(L, bt * C);
        Att = Make(L, attention); AttY = Make(L, bt * C); Residual2 = Make(L, bt * C);
        Ln2 = Make(L, bt * C); Ln2Mean = Make(L, bt); Ln2Rstd = Make(L, bt);
        Fc = Make(L, (long)bt * F); FcGelu = Make(L, (long)bt * F); Residual3 = Make(L, bt * C);
        Projection = new float[bt * C];
        LnF = new float[bt * C]; LnFMean = new float[bt]; LnFRstd = new float[bt];
        Logits = new float[logits];
        Losses = new float[bt];
    }

    public int B { get; }
    public int T { get; }

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

    /// <summary>[BT,V] logits; after a training step they hold the scaled logit gradients instead.</summary>
    public float[] Logits { get; }

    /// <summary>[BT] per-position cross-entropy.</summary>
    public float[] Losses { get; }

    static float[][] Make(int layers, long size) => Enumerable.Range(0, layers).Select(_ => new float[size]).ToArray();
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
