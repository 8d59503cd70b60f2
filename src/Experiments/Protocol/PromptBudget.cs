using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Experiments.Protocol;

/// <summary>
/// Whether a prompt leaves room for its completion in the model's context: the prompt's tokens, one more for every
/// chunk an annotation may mark (its plan token, which carries no space of its own), one for an opening end-of-text, and
/// <paramref name="maxNewTokens"/> must fit in <paramref name="context"/> positions. A chunk holds at least one sentence, and the segmenter also splits a
/// sentence after <see cref="SentenceSegmentDefaults.MaxSentenceWords"/> words, which bounds the chunks from above.
/// </summary>
public sealed class PromptBudget(ByteLevelBpeTokenizer tokenizer, int context, int maxNewTokens)
{
    public int Context => context;

    public int MaxNewTokens => maxNewTokens;

    /// <summary>Positions the prompt may take once annotated, at most.</summary>
    public int Tokens(string prompt) => tokenizer.Encode(prompt).Length + 1 + MaxChunks(prompt);

    public bool Fits(string prompt) => Tokens(prompt) + maxNewTokens <= context;

    static int MaxChunks(string prompt)
    {
        int sentenceEnds = prompt.Count(c => c is '.' or '!' or '?' or '\n');
        int words = prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return sentenceEnds + 1 + words / SentenceSegmentDefaults.MaxSentenceWords;
    }
}
