using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>A continuation produced from a prompt: the text, and the token ids it was decoded from.</summary>
public sealed record GeneratedText(string Prompt, string Continuation, int[] Tokens)
{
    public string Text => Prompt + Continuation;
}

/// <summary>
/// Text in, text out around token-level generation, whatever runs the model (the C# kernels, or an exported graph in
/// ONNX Runtime): the prompt is read after an end-of-text token (where stories begin in training), generation stops at
/// end-of-text unless told otherwise, and plan tokens are kept or removed from prompt and continuation.
/// </summary>
public static class TextGeneration
{
    /// <summary>
    /// Encodes <paramref name="prompt"/>, has <paramref name="generateTokens"/> continue it (prompt ids, sampling with
    /// the stop token set → the new tokens of each sequence) and decodes each continuation.
    /// </summary>
    public static IReadOnlyList<GeneratedText> Generate(ByteLevelBpeTokenizer tokenizer, string prompt, SamplingOptions options, bool keepClusterTokens,
        Func<int[], SamplingOptions, int[][]> generateTokens)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(generateTokens);
        var ids = new List<int> { tokenizer.EndOfTextId };
        ids.AddRange(tokenizer.Encode(prompt));
        var outputs = generateTokens(ids.ToArray(), options with { StopToken = options.StopToken ?? tokenizer.EndOfTextId });
        string shownPrompt = keepClusterTokens ? prompt : ClusterTokens.Strip(prompt);
        return outputs.Select(tokens =>
        {
            var visible = tokens.Where(t => t != tokenizer.EndOfTextId).ToArray();
            string text = tokenizer.Decode(visible);
            return new GeneratedText(shownPrompt, keepClusterTokens ? text : ClusterTokens.Strip(text), tokens);
        }).ToList();
    }
}
