namespace Microsoft.ML.SemanticContext.Onnx.Embedding;

/// <summary>Options of <see cref="OnnxSentenceEmbedder"/>; null means "as the model folder says".</summary>
public sealed class OnnxEmbedderOptions
{
    public const int DefaultBatchSize = 32;

    /// <summary>Pooling; null reads <c>1_Pooling/config.json</c> (mean when absent).</summary>
    public SentencePooling? Pooling { get; set; }

    /// <summary>L2-normalise every vector (sentence-transformers' Normalize module); on by default.</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Text put before every chunk, e.g. Stella's <c>"Instruct: …\nQuery: "</c>; null for none.</summary>
    public string? InstructionPrefix { get; set; }

    /// <summary>Chunks per ONNX Runtime call; chunks are sorted by length first so a batch pads little.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Tokens per chunk, special tokens included; null takes the model's own maximum. Longer chunks are truncated.</summary>
    public int? MaxLength { get; set; }

    /// <summary>Copy the model's files into the saved pipeline; otherwise it records their path and SHA-256.</summary>
    public bool EmbedModelInArchive { get; set; }
}
