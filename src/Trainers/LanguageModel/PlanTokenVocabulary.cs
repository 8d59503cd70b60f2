using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// The plan tokens <c>&lt;cluster_i&gt;</c> as entries of a tokenizer's vocabulary (the token format itself belongs to
/// <see cref="ClusterTokens"/>): adding them as special tokens, finding their ids, and the vocabulary they extend.
/// </summary>
public static class PlanTokenVocabulary
{
    /// <summary>Adds &lt;cluster_0&gt; … &lt;cluster_{count-1}&gt; as special tokens (those already present keep their ids).</summary>
    public static void AddTo(ByteLevelBpeTokenizer tokenizer, int count)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (int i = 0; i < count; i++) tokenizer.AddSpecialToken(ClusterTokens.Token(i));
    }

    /// <summary>Ids of every plan token the tokenizer knows.</summary>
    public static HashSet<int> IdsIn(ByteLevelBpeTokenizer tokenizer) =>
        tokenizer.SpecialTokens
            .Where(t => ClusterTokens.TryParse(t, out _))
            .Select(t => tokenizer.TryGetSpecialTokenId(t, out int id) ? id : -1)
            .Where(id => id >= 0)
            .ToHashSet();

    /// <summary>
    /// Size of the vocabulary the plan tokens were added on top of: the tokenizer's ids less the plan tokens that end
    /// it (added plan tokens always take the next free ids). Plan tokens elsewhere in the vocabulary count as ordinary ids.
    /// </summary>
    public static int BaseSize(ByteLevelBpeTokenizer tokenizer)
    {
        var planIds = IdsIn(tokenizer);
        int size = tokenizer.VocabularySize;
        while (size > 0 && planIds.Contains(size - 1)) size--;
        return size;
    }
}
