using System.Numerics.Tensors;

namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>Token plus learned position embedding: the first layer of GPT-Neo (position of token t is t).</summary>
public static class Encoder
{
    /// <summary>output[b,t,:] = wte[tokens[b,t],:] + wpe[t,:].</summary>
    /// <param name="output">[B*T, C]</param>
    /// <param name="tokens">[B*T]</param>
    /// <param name="wte">[V, C] token embeddings</param>
    /// <param name="wpe">[maxT, C] position embeddings, maxT ≥ T</param>
    public static void Forward(Span<float> output, ReadOnlySpan<int> tokens, ReadOnlySpan<float> wte, ReadOnlySpan<float> wpe,
        int B, int T, int C)
    {
        Validate(output, tokens, wpe, B, T, C, nameof(output), nameof(wpe));
        int vocabulary = wte.Length / C;
        for (int bt = 0; bt < B * T; bt++)
        {
            int token = tokens[bt];
            if ((uint)token >= (uint)vocabulary)
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"Token id at row {bt} is outside the embedding table of {vocabulary} rows.");
            TensorPrimitives.Add(wte.Slice(token * C, C), wpe.Slice(bt % T * C, C), output.Slice(bt * C, C));
        }
    }

    /// <summary>dwte[tokens[b,t],:] += dout[b,t,:]; dwpe[t,:] += dout[b,t,:].</summary>
    /// <param name="dwte">[V, C]</param>
    /// <param name="dwpe">[maxT, C]</param>
    /// <param name="dout">[B*T, C]</param>
    public static void Backward(Span<float> dwte, Span<float> dwpe, ReadOnlySpan<float> dout, ReadOnlySpan<int> tokens, int B, int T, int C)
    {
        Validate(dout, tokens, dwpe, B, T, C, nameof(dout), nameof(dwpe));
        int vocabulary = dwte.Length / C;
        // Serial on purpose: repeated tokens scatter into the same dwte row, and this layer is a negligible share of a step.
        for (int bt = 0; bt < B * T; bt++)
        {
            int token = tokens[bt];
            if ((uint)token >= (uint)vocabulary)
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"Token id at row {bt} is outside the embedding table of {vocabulary} rows.");
            var d = dout.Slice(bt * C, C);
            var wteRow = dwte.Slice(token * C, C);
            TensorPrimitives.Add(wteRow, d, wteRow);
            var wpeRow = dwpe.Slice(bt % T * C, C);
            TensorPrimitives.Add(wpeRow, d, wpeRow);
        }
    }

    static void Validate(ReadOnlySpan<float> activations, ReadOnlySpan<int> tokens, ReadOnlySpan<float> positions, int B, int T, int C,
        string activationsName, string positionsName)
    {
        Checks.Positive(B, nameof(B));
        Checks.Positive(T, nameof(T));
        Checks.Positive(C, nameof(C));
        Checks.Length(activations, (long)B * T * C, activationsName);
        Checks.Length(tokens, (long)B * T, nameof(tokens));
        Checks.Length(positions, (long)T * C, positionsName);
    }
}
