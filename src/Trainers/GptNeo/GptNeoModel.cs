using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// A GPT-Neo causal language model computed exactly as Hugging Face does, llm.c style: one contiguous parameter
/// buffer, one gradient buffer of the same layout, activations sized for the current (B, T), and a forward and a
/// backward pass composed from the Numerics kernels. The LM head is the token embedding (tied, the default) or a
/// matrix of its own (<see cref="GptNeoConfig.TieWordEmbeddings"/> false).
/// </summary>
public sealed class GptNeoModel
{
    GptNeoActivations? activations;
    GptNeoGradientScratch? scratch;
    float[]? gradients;

    /// <summary>Wraps an existing parameter buffer laid out by <see cref="GptNeoParameterLayout"/>.</summary>
    public GptNeoModel(GptNeoConfig config, float[] parameters)
    {
        Config = config.Validated();
        Layout = new GptNeoParameterLayout(config);
        if (Layout.TotalSize > Array.MaxLength)
            throw new ArgumentException($"A model with {Layout.TotalSize:N0} parameters does not fit in one buffer.");
        if (parameters.Length != Layout.TotalSize)
            throw new ArgumentException($"The parameter buffer holds {parameters.Length} values but this configuration needs {Layout.TotalSize}.", nameof(parameters));
        Parameters = parameters;
    }

    public GptNeoConfig Config { get; }
    public GptNeoParameterLayout Layout { get; }

    /// <summary>All weights, contiguous, in <see cref="Layout"/> order.</summary>
    public float[] Parameters { get; }

    /// <summary>Gradients in the same layout; allocated on first use. Training steps accumulate into it.</summary>
    public float[] Gradients => gradients ??= new float[Parameters.Length];

    /// <summary>
    /// A freshly initialised model as Hugging Face initialises GPT-Neo: linear and embedding weights ~ N(0, 0.02),
    /// biases 0, LayerNorm gains 1.
    /// </summary>
    public static GptNeoModel CreateRandom(GptNeoConfig config, long seed)
    {
        var layout = new GptNeoParameterLayout(config.Validated());
        var parameters = new float[layout.TotalSize];
        var random = new DeterministicRandom(seed);
        foreach (var t in layout.Tensors)
        {
            var span = parameters.AsSpan((int)t.Offset, (int)t.Size);
            if (t.IsMatrix)
                for (int i = 0; i < span.Length; i++) span[i] = (float)(0.02 * random.NextGaussian());
            else if (t.Name.Contains("ln_") && t.Name.EndsWith(".weight", StringComparison.Ordinal))
                span.Fill(1f);
        }
        return new GptNeoModel(config, parameters);
    }

    /// <summary>The slice of <see cref="Parameters"/> holding tensor <paramref name="name"/> (a Hugging Face name).</summary>
    public Span<float> Tensor(string name) =>
        Layout.TryGet(name, out var t) ? Parameters.AsSpan((int)t.Offset, (int)t.Size)
            : throw new ArgumentException($"GPT-Neo has no tensor named '{name}'.", nameof(name));

    public void ZeroGradients() => Array.Clear(Gradients);

    /// <summary>Logits [B·T, V] for token ids [B·T]; valid until the next call on this model.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<int> inputs, int B, int T)
    {
        var acts = Prepare(inputs, B, T);
        RunForward(acts, inputs);
        return acts.Logits;
    }

    /// <summary>Mean cross-entropy of <paramref name="targets"/> [B·T] (negative = not counted) without touching gradients.</summary>
    public float Loss(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int B, int T)
    {
        var (sum, count) = LossSum(inputs, targets, B, T);
        return count == 0 ? 0f : (float)(sum / count);
    }

    /// <summary>Summed cross-entropy and the number of counted targets, for perplexity over many batches.</summary>
    public (double Sum, int Count) LossSum(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int B, int T)
    {
        var acts = Prepare(inputs, B, T);
        CheckTargets(targets, B * T);
        RunForward(acts, inputs);
        float sum = SoftmaxCrossEntropy.Forward(acts.Logits, targets, acts.Losses, B * T, Config.VocabularySize);
        return (sum, CountTargets(targets));
    }

    /// <summary>
    /// Forward, cross-entropy and backward in one pass. Gradients of (mean loss × <paramref name="lossScale"/>) are ADDED
    /// to <see cref="Gradients"/>, so micro-batches accumulate; pass 1/accumulationSteps as the scale. Returns the mean loss.
    /// </summary>
    public float ForwardBackward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int B, int T, float lossScale = 1f)
    {
        var acts = Prepare(inputs, B, T);
        CheckTargets(targets, B * T);
        int count = CountTargets(targets);
        if (count == 0) throw new ArgumentException("No target in the batch is counted (all are negative).", nameof(targets));
        RunForward(acts, inputs);
        // Overwrites the logits with d(loss·scale)/dlogits.
        float sum = SoftmaxCrossEntropy.ForwardBackward(acts.Logits, targets, acts.Losses, B * T, Config.VocabularySize, lossScale / count);
        if (scratch is null || scratch.DResidual.Length != B * T * Config.HiddenSize)
            scratch = new GptNeoGradientScratch(Config, B, T);
        RunBackward(acts, scratch, inputs);
        return sum / count;
    }

    /// <summary>A copy with its own parameter buffer (no gradients, no activations).</summary>
    public GptNeoModel Clone() => new(Config, (float[])Parameters.Clone());

    /// <summary>
    /// A copy with <paramref name="vocabularySize"/> token-embedding rows (and LM-head rows when untied): existing rows
    /// are kept and each new row is the mean of the existing ones, so added tokens (e.g. cluster tokens) start as an
    /// "average" token.
    /// </summary>
    public GptNeoModel WithVocabularySize(int vocabularySize)
    {
        int oldV = Config.VocabularySize, C = Config.HiddenSize;
        if (vocabularySize < oldV)
            throw new ArgumentException($"The vocabulary can only grow: the model has {oldV} tokens, {vocabularySize} were requested.", nameof(vocabularySize));
        var config = Config with { VocabularySize = vocabularySize };
        var resized = new GptNeoModel(config, new float[new GptNeoParameterLayout(config).TotalSize]);
        foreach (var t in Layout.Tensors)
            Parameters.AsSpan((int)t.Offset, (int)t.Size).CopyTo(resized.Tensor(t.Name));
        FillNewRowsWithMean(resized.Tensor("transformer.wte.weight"), oldV, vocabularySize, C);
        if (!Config.TieWordEmbeddings) FillNewRowsWithMean(resized.Tensor(GptNeoParameterLayout.OutputHeadName), oldV, vocabularySize, C);
        return resized;
    }

    /// <summary>Rows [oldRows, rows) of a [rows, C] matrix become the mean of rows [0, oldRows).</summary>
    static void FillNewRowsWithMean(Span<float> matrix, int oldRows, int rows, int C)
    {
        var mean = new double[C];
        for (int row = 0; row < oldRows; row++)
            for (int c = 0; c < C; c++) mean[c] += matrix[row * C + c];
        for (int row = oldRows; row < rows; row++)
            for (int c = 0; c < C; c++) matrix[row * C + c] = (float)(mean[c] / oldRows);
    }

    GptNeoActivations Prepare(ReadOnlySpan<int> inputs, int B, int T)
    {
        CheckInputs(inputs, B, T);
        if (activations is null || activations.B != B || activations.T != T)
        {
            activations = null; // let the old buffers go before allocating the new ones
            activations = GptNeoActivations.ForTraining(Config, B, T);
        }
        return activations;
    }

    /// <summary>Throws unless <paramref name="inputs"/> holds B·T ids of this vocabulary and T fits the context.</summary>
    internal void CheckInputs(ReadOnlySpan<int> inputs, int B, int T)
    {
        if (B <= 0 || T <= 0) throw new ArgumentOutOfRangeException(nameof(B), $"Batch ({B}) and sequence length ({T}) must be positive.");
        if (T > Config.MaxPositions)
            throw new ArgumentException($"Sequence length {T} exceeds the model's context of {Config.MaxPositions} positions.", nameof(T));
        if (inputs.Length != B * T) throw new ArgumentException($"Expected {B}×{T} = {B * T} input ids, got {inputs.Length}.", nameof(inputs));
        foreach (int id in inputs)
            if ((uint)id >= (uint)Config.VocabularySize)
                throw new ArgumentOutOfRangeException(nameof(inputs), id, $"Token id {id} is outside the model's vocabulary of {Config.VocabularySize}.");
    }

    internal void CheckTargets(ReadOnlySpan<int> targets, int bt)
    {
        if (targets.Length != bt) throw new ArgumentException($"Expected {bt} targets, got {targets.Length}.", nameof(targets));
        foreach (int id in targets)
            if (id >= Config.VocabularySize)
                throw new ArgumentOutOfRangeException(nameof(targets), id, $"Target id {id} is outside the model's vocabulary of {Config.VocabularySize}.");
    }

    static int CountTargets(ReadOnlySpan<int> targets)
    {
        int count = 0;
        foreach (int id in targets) if (id >= 0) count++;
        return count;
    }

    Span<float> P(long offset, int size) => Parameters.AsSpan((int)offset, size);
    Span<float> G(long offset, int size) => Gradients.AsSpan((int)offset, size);

    /// <summary>The training forward: every layer, then the logits of all B·T rows.</summary>
    void RunForward(GptNeoActivations a, ReadOnlySpan<int> inputs)
    {
        int BT = a.B * a.T, C = Config.HiddenSize, V = Config.VocabularySize;
        RunBlocks(a, inputs, a.B, a.T);
        Matmul.Forward(a.Logits, a.LnF, P(Layout.OutputHead, V * C), Span<float>.Empty, BT, C, V);
    }

    /// <summary>(layer, B, T): attention of that layer from the activations' Q, K, V [B·T, C] into AttY [B·T, C].</summary>
    internal delegate void BlockAttention(int layer, int B, int T);

    /// <summary>
    /// Embedding, every block and the final LayerNorm over [B, T] tokens (B, T at most the buffers' own), leaving the
    /// normalised hidden states in <see cref="GptNeoActivations.LnF"/> [B·T, C]; the LM head is the caller's. The
    /// tokens take positions <paramref name="firstPosition"/> onwards; <paramref name="attention"/> replaces the causal
    /// self-attention within the batch (a continuation attends to a prefix computed before).
    /// </summary>
    internal void RunBlocks(GptNeoActivations a, ReadOnlySpan<int> inputs, int B, int T, int firstPosition = 0, BlockAttention? attention = null)
    {
        int BT = B * T, C = Config.HiddenSize, F = Config.MlpSize, V = Config.VocabularySize, NH = Config.Heads;
        float eps = Config.LayerNormEpsilon;
        var lay = Layout;
        Encoder.Forward(a.Encoded, inputs, P(lay.TokenEmbedding, V * C), P(lay.PositionEmbedding + (long)firstPosition * C, (Config.MaxPositions - firstPosition) * C), B, T, C);
        for (int l = 0; l < Config.Layers; l++)
        {
            var o = lay.Blocks[l];
            float[] input = l == 0 ? a.Encoded : a.Residual3[l - 1];
            LayerNorm.Forward(a.Ln1[l], a.Ln1Mean[l], a.Ln1Rstd[l], input, P(o.Ln1Weight, C), P(o.Ln1Bias, C), BT, C, eps);
            Matmul.Forward(a.Q[l], a.Ln1[l], P(o.QWeight, C * C), Span<float>.Empty, BT, C, C);
            Matmul.Forward(a.K[l], a.Ln1[l], P(o.KWeight, C * C), Span<float>.Empty, BT, C, C);
            Matmul.Forward(a.V[l], a.Ln1[l], P(o.VWeight, C * C), Span<float>.Empty, BT, C, C);
            if (attention is not null) attention(l, B, T);
            else
            {
                // A few sequences at a time when the buffers hold fewer attention maps than the batch has sequences.
                for (int first = 0; first < B; first += a.AttentionGroup)
                {
                    int group = Math.Min(a.AttentionGroup, B - first), offset = first * T * C, length = group * T * C;
                    Attention.Forward(a.AttY[l].AsSpan(offset, length), a.Att[l], a.Q[l].AsSpan(offset, length), a.K[l].AsSpan(offset, length),
                        a.V[l].AsSpan(offset, length), group, T, C, NH, Config.WindowOf(l));
                }
            }
            Matmul.Forward(a.Projection, a.AttY[l], P(o.OutWeight, C * C), P(o.OutBias, C), BT, C, C);
            Residual.Forward(a.Residual2[l], input, a.Projection, BT * C);
            LayerNorm.Forward(a.Ln2[l], a.Ln2Mean[l], a.Ln2Rstd[l], a.Residual2[l], P(o.Ln2Weight, C), P(o.Ln2Bias, C), BT, C, eps);
            Matmul.Forward(a.Fc[l], a.Ln2[l], P(o.FcWeight, F * C), P(o.FcBias, F), BT, C, F);
            Gelu.Forward(a.FcGelu[l], a.Fc[l], BT * F);
            Matmul.Forward(a.Projection, a.FcGelu[l], P(o.ProjWeight, C * F), P(o.ProjBias, C), BT, F, C);
            Residual.Forward(a.Residual3[l], a.Residual2[l], a.Projection, BT * C);
        }
        LayerNorm.Forward(a.LnF, a.LnFMean, a.LnFRstd, a.Residual3[^1], P(lay.FinalNormWeight, C), P(lay.FinalNormBias, C), BT, C, eps);
    }

    /// <summary>Backward from the logit gradients left in <see cref="GptNeoActivations.Logits"/>; every kernel accumulates into its gradients.</summary>
    void RunBackward(GptNeoActivations a, GptNeoGradientScratch s, ReadOnlySpan<int> inputs)
    {
        int B = a.B, T = a.T, BT = B * T, C = Config.HiddenSize, F = Config.MlpSize, V = Config.VocabularySize, NH = Config.Heads;
        var lay = Layout;
        Array.Clear(s.DLn);
        // A tied head adds this gradient to wte's, which the encoder's backward adds to again at the end.
        Matmul.Backward(s.DLn, G(lay.OutputHead, V * C), Span<float>.Empty, a.Logits, a.LnF, P(lay.OutputHead, V * C), BT, C, V);
        Array.Clear(s.DResidual);
        LayerNorm.Backward(s.DResidual, G(lay.FinalNormWeight, C), G(lay.FinalNormBias, C), s.DLn, a.Residual3[^1],
            P(lay.FinalNormWeight, C), a.LnFMean, a.LnFRstd, BT, C);
        for (int l = Config.Layers - 1; l >= 0; l--)
        {
            var o = lay.Blocks[l];
            float[] input = l == 0 ? a.Encoded : a.Residual3[l - 1];
            // MLP: DResidual is d(Residual3), which is also d(c_proj output) and, through the skip, part of d(Residual2).
            Array.Clear(s.DFcGelu);
            Matmul.Backward(s.DFcGelu, G(o.ProjWeight, C * F), G(o.ProjBias, C), s.DResidual, a.FcGelu[l], P(o.ProjWeight, C * F), BT, F, C);
            Array.Clear(s.DFc);
            Gelu.Backward(s.DFc, a.Fc[l], s.DFcGelu, BT * F);
            Array.Clear(s.DLn);
            Matmul.Backward(s.DLn, G(o.FcWeight, F * C), G(o.FcBias, F), s.DFc, a.Ln2[l], P(o.FcWeight, F * C), BT, C, F);
            LayerNorm.Backward(s.DResidual, G(o.Ln2Weight, C), G(o.Ln2Bias, C), s.DLn, a.Residual2[l], P(o.Ln2Weight, C),
                a.Ln2Mean[l], a.Ln2Rstd[l], BT, C);
            // Attention: DResidual is now d(Residual2) = d(out_proj output) = skip part of d(block input).
            Array.Clear(s.DAttY);
            Matmul.Backward(s.DAttY, G(o.OutWeight, C * C), G(o.OutBias, C), s.DResidual, a.AttY[l], P(o.OutWeight, C * C), BT, C, C);
            Array.Clear(s.DQ); Array.Clear(s.DK); Array.Clear(s.DV);
            Attention.Backward(s.DQ, s.DK, s.DV, s.DAttY, a.Att[l], a.Q[l], a.K[l], a.V[l], B, T, C, NH, Config.WindowOf(l));
            Array.Clear(s.DLn);
            Matmul.Backward(s.DLn, G(o.QWeight, C * C), Span<float>.Empty, s.DQ, a.Ln1[l], P(o.QWeight, C * C), BT, C, C);
            Matmul.Backward(s.DLn, G(o.KWeight, C * C), Span<float>.Empty, s.DK, a.Ln1[l], P(o.KWeight, C * C), BT, C, C);
            Matmul.Backward(s.DLn, G(o.VWeight, C * C), Span<float>.Empty, s.DV, a.Ln1[l], P(o.VWeight, C * C), BT, C, C);
            LayerNorm.Backward(s.DResidual, G(o.Ln1Weight, C), G(o.Ln1Bias, C), s.DLn, input, P(o.Ln1Weight, C),
                a.Ln1Mean[l], a.Ln1Rstd[l], BT, C);
        }
        Encoder.Backward(G(lay.TokenEmbedding, V * C), G(lay.PositionEmbedding, Config.MaxPositions * C), s.DResidual, inputs, B, T, C);
    }
}
