namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// What generation steps through: a batch of sequences at the same position, prefilled with their prompts, then fed
/// one token per sequence per step, each call returning the logits [batch, vocabulary] that predict the next token.
/// The C# model (<see cref="GptNeoDecoder"/>) and the exported graph in ONNX Runtime are both decoders.
/// </summary>
public interface ITokenDecoder
{
    /// <summary>Sequences decoded together.</summary>
    int Batch { get; }

    /// <summary>Most positions a sequence can reach (prompt and fed tokens).</summary>
    int Capacity { get; }

    /// <summary>Runs the prompts [B·P] (all of length P) and returns the logits [B, V] after each one's last token.</summary>
    ReadOnlySpan<float> Prefill(ReadOnlySpan<int> prompts, int promptLength);

    /// <summary>Feeds one token per sequence [B] and returns the next-token logits [B, V], valid until the next call.</summary>
    ReadOnlySpan<float> Step(ReadOnlySpan<int> tokens);
}
