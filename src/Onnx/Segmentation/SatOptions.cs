using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Onnx.Segmentation;

/// <summary>Options of <see cref="SatSentenceSplitter"/>.</summary>
public sealed class SatOptions
{
    /// <summary>wtpsplit's default boundary threshold for the SaT "-sm" models.</summary>
    public const float DefaultThreshold = 0.025f;

    public const int DefaultStride = 64;

    /// <summary>A sentence ends after a word whose last token has a boundary probability above this.</summary>
    public float Threshold { get; set; } = DefaultThreshold;

    /// <summary>Tokens per window, &lt;s&gt; and &lt;/s&gt; included; null takes the model's maximum (512 for SaT).</summary>
    public int? BlockSize { get; set; }

    /// <summary>Tokens that consecutive windows share (their probabilities are averaged); null: 64, or half a window if less.</summary>
    public int? Stride { get; set; }

    /// <summary>A sentence of more words than this is split again by the built-in Punkt-style splitter.</summary>
    public int MaxSentenceWords { get; set; } = SentenceSegmentDefaults.MaxSentenceWords;

    /// <summary>Copy the model's files into the saved pipeline; otherwise it records their path and SHA-256.</summary>
    public bool EmbedModelInArchive { get; set; }
}
