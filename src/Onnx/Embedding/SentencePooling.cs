using Microsoft.ML.SemanticContext.Onnx.Runtime;

namespace Microsoft.ML.SemanticContext.Onnx.Embedding;

/// <summary>How token vectors become one sentence vector (sentence-transformers' Pooling module).</summary>
public enum SentencePooling
{
    /// <summary>Mean over the real (unpadded) tokens: all-MiniLM-L6-v2 and most sentence-transformers models.</summary>
    Mean,

    /// <summary>The first token ([CLS]): bge models.</summary>
    Cls,

    /// <summary>The last real token: decoder-based embedders such as Stella en 1.5B v5 and gte-Qwen2.</summary>
    LastToken,
}

/// <summary>Reading and applying <see cref="SentencePooling"/>.</summary>
public static class SentencePoolings
{
    /// <summary>The pooling that <c>1_Pooling/config.json</c> names; mean when the folder has none.</summary>
    public static SentencePooling Read(OnnxModelFolder folder)
    {
        var config = folder.ReadJson("1_Pooling/config.json");
        if (config is null) return SentencePooling.Mean;
        bool On(string key) => config[key]?.GetValue<bool>() == true;
        var modes = new List<SentencePooling>();
        if (On("pooling_mode_cls_token")) modes.Add(SentencePooling.Cls);
        if (On("pooling_mode_mean_tokens")) modes.Add(SentencePooling.Mean);
        if (On("pooling_mode_lasttoken")) modes.Add(SentencePooling.LastToken);
        var unsupported = new[] { "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens", "pooling_mode_weightedmean_tokens" }.Where(On).ToList();
        if (unsupported.Count > 0 || modes.Count != 1)
            throw new NotSupportedException(
                $"'{folder.File("1_Pooling/config.json")}' asks for {(modes.Count + unsupported.Count == 0 ? "no pooling" : string.Join(" + ", modes.Select(m => m.ToString()).Concat(unsupported)))}; " +
                "this embedder pools with exactly one of pooling_mode_cls_token, pooling_mode_mean_tokens, pooling_mode_lasttoken.");
        return modes[0];
    }

    /// <summary>Pools <paramref name="tokens"/> [length, width] of one sequence into <paramref name="vector"/> [width].</summary>
    public static void Pool(SentencePooling pooling, ReadOnlySpan<float> tokens, int length, int width, Span<float> vector)
    {
        switch (pooling)
        {
            case SentencePooling.Cls:
                tokens[..width].CopyTo(vector);
                break;
            case SentencePooling.LastToken:
                tokens.Slice((length - 1) * width, width).CopyTo(vector);
                break;
            default:
                vector.Clear();
                for (int t = 0; t < length; t++) System.Numerics.Tensors.TensorPrimitives.Add(vector, tokens.Slice(t * width, width), vector);
                System.Numerics.Tensors.TensorPrimitives.Divide(vector, length, vector);
                break;
        }
    }
}
