using System.Numerics.Tensors;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Incremental decoding with a key/value cache: after a prompt of P tokens per sequence is prefilled (one full
/// forward pass), each <see cref="Step"/> feeds one new token per sequence and costs O(P) attention instead of
/// re-running the whole prefix. All B sequences sit at the same position.
/// </summary>
public sealed class GptNeoDecoder : ITokenDecoder
{
    readonly GptNeoModel model;
    readonly float[][] keys, values;  // per layer [B, capacity, C]
    readonly float[] x, ln, q, k, v, attY, projection, fc, fcGelu, mean, rstd, logits;

    /// <param name="batch">Sequences decoded together.</param>
    /// <param name="capacity">Most positions a sequence will reach (prompt + new tokens), at most the model's context.</param>
    public GptNeoDecoder(GptNeoModel model, int batch, int capacity)
    {
        var cfg = model.Config;
        if (batch <= 0) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch must hold at least one sequence.");
        if (capacity <= 0 || capacity > cfg.MaxPositions)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"The cache capacity must lie in [1, {cfg.MaxPositions}].");
        this.model = model;
        Batch = batch;
        Capacity = capacity;
        int C = cfg.HiddenSize, F = cfg.MlpSize;
        keys = Enumerable.Range(0, cfg.Layers).Select(_ => new float[(long)batch * capacity * C]).ToArray();
        values = Enumerable.Range(0, cfg.Layers).Select(_ => new float[(long)batch * capacity * C]).ToArray();
        x = new float[batch * C]; ln = new float[batch * C]; q = new float[batch * C]; k = new float[batch * C]; v = new float[batch * C];
        attY = new float[batch * C]; projection = new float[batch * C];
        fc = new float[batch * F]; fcGelu = new float[batch * F];
        mean = new float[batch]; rstd = new float[batch];
        logits = new float[(long)batch * cfg.VocabularySize];
    }

    public int Batch { get; }
    public int Capacity { get; }

    /// <summary>Positions filled so far (the position the next token gets).</summary>
    public int Position { get; private set; }

    /// <summary>
    /// Runs the prompts [B·P] (all of length P) through the full model, fills the cache with their keys and values and
    /// returns the logits [B, V] that predict each sequence's next token.
    /// </summary>
    public ReadOnlySpan<float> Prefill(ReadOnlySpan<int> prompts, int promptLength)
    {
        int B = Batch, P = promptLength, C = model.Config.HiddenSize;
        if (P <= 0) throw new ArgumentException("The prompt must hold at least one token (start with end-of-text for an empty prompt).", nameof(promptLength));
        if (P > Capacity) throw new ArgumentException($"A prompt of {P} tokens does not fit the context of {Capacity} positions.", nameof(promptLength));
        // Inference buffers for this one pass: one layer's activations, every layer's keys and values, last-row logits.
        var prefill = new GptNeoInference(model, B, P, keepKeysValues: true);
        prefill.LastLogits(prompts, B, P, logits);
        for (int l = 0; l < keys.Length; l++)
            for (int b = 0; b < B; b++)
            {
                prefill.Keys(l).Slice(b * P * C, P * C).CopyTo(keys[l].AsSpan(b * Capacity * C));
                prefill.Values(l).Slice(b * P * C, P * C).CopyTo(values[l].AsSpan(b * Capacity * C));
            }
        Position = P;
        return logits;
    }

    /// <summary>Feeds one token per sequence [B] at <see cref="Position"/> and returns the next-token logits [B, V].</summary>
    public ReadOnlySpan<float> Step(ReadOnlySpan<int> tokens)
    {
        var cfg = model.Config;
        int B = Batch, C = cfg.HiddenSize, F = cfg.MlpSize, V = cfg.VocabularySize, pos = Position;
        if (tokens.Length != B) throw new ArgumentException($"Expected one token for each of the {B} sequences, got {tokens.Length}.", nameof(tokens));
        if (pos >= Capacity) throw new InvalidOperationException($"The context of {Capacity} positions is full.");
        var lay = model.Layout;
        var p = model.Parameters;
        Span<float> P(long offset, int size) => p.AsSpan((int)offset, size);
        for (int b = 0; b < B; b++)
        {
            if ((uint)tokens[b] >= (uint)V) throw new ArgumentOutOfRangeException(nameof(tokens), tokens[b], $"Token id is outside the vocabulary of {V}.");
            TensorPrimitives.Add(P(lay.TokenEmbedding + (long)tokens[b] * C, C), P(lay.PositionEmbedding + (long)pos * C, C), x.AsSpan(b * C, C));
        }
        for (int l = 0; l < cfg.Layers; l++)
        {
            var o = lay.Blocks[l];
            LayerNorm.Forward(ln, mean, rstd, x, P(o.Ln1Weight, C), P(o.Ln1Bias, C), B, C, cfg.LayerNormEpsilon);
            Matmul.Forward(q, ln, P(o.QWeight, C * C), Span<float>.Empty, B, C, C);
            Matmul.Forward(k, ln, P(o.KWeight, C * C), Span<float>.Empty, B, C, C);
            Matmul.Forward(v, ln, P(o.VWeight, C * C), Span<float>.Empty, B, C, C);
            for (int b = 0; b < B; b++)
            {
                int at = (b * Capacity + pos) * C;  // row [b, pos, :] of the [B, capacity, C] cache
                k.AsSpan(b * C, C).CopyTo(keys[l].AsSpan(at, C));
                v.AsSpan(b * C, C).CopyTo(values[l].AsSpan(at, C));
            }
            Attention.ForwardCached(attY, q, keys[l], values[l], B, pos, Capacity, C, cfg.Heads, cfg.WindowOf(l));
            Matmul.Forward(projection, attY, P(o.OutWeight, C * C), P(o.OutBias, C), B, C, C);
            Residual.Forward(x, x, projection, B * C);
            LayerNorm.Forward(ln, mean, rstd, x, P(o.Ln2Weight, C), P(o.Ln2Bias, C), B, C, cfg.LayerNormEpsilon);
            Matmul.Forward(fc, ln, P(o.FcWeight, F * C), P(o.FcBias, F), B, C, F);
            Gelu.Forward(fcGelu, fc, B * F);
            Matmul.Forward(projection, fcGelu, P(o.ProjWeight, C * F), P(o.ProjBias, C), B, F, C);
            Residual.Forward(x, x, projection, B * C);
        }
        LayerNorm.Forward(ln, mean, rstd, x, P(lay.FinalNormWeight, C), P(lay.FinalNormBias, C), B, C, cfg.LayerNormEpsilon);
        Matmul.Forward(logits, ln, P(lay.OutputHead, V * C), Span<float>.Empty, B, C, V);
        Position = pos + 1;
        return logits;
    }
}
