using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// The token ids a Hugging Face <c>config.json</c> names: <c>bos_token_id</c>, <c>eos_token_id</c> and
/// <c>pad_token_id</c> (absent when the tokenizer has no pad token).
/// </summary>
public sealed record HuggingFaceTokenIds(int BosTokenId, int EosTokenId, int? PadTokenId)
{
    /// <summary>The tokenizer's end of text as bos and eos (stories start after it and end with it), and its pad token if any.</summary>
    public static HuggingFaceTokenIds Of(ByteLevelBpeTokenizer tokenizer) => new(tokenizer.EndOfTextId, tokenizer.EndOfTextId, tokenizer.PaddingId);
}
