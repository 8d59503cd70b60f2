namespace Microsoft.ML.SemanticContext.Tokenizers;

public static class ByteLevelBpeTokenizerExtensions
{
    /// <summary>The tokenizer as a Microsoft.ML.Tokenizers <see cref="Microsoft.ML.Tokenizers.Tokenizer"/> (a view: it encodes with this engine).</summary>
    public static ByteLevelBpeMLTokenizer AsTokenizer(this ByteLevelBpeTokenizer tokenizer) => new(tokenizer);
}
