using System.Text.RegularExpressions;
using Microsoft.ML.SemanticContext.Tokenizers;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>The semantic plan tokens <c>&lt;cluster_i&gt;</c>: finding them in annotated text, adding them to a tokenizer, stripping them.</summary>
public static partial class ClusterTokens
{
    public static string Name(int cluster) => $"<cluster_{cluster}>";

    /// <summary>Number of cluster tokens the texts use: one more than the largest index found (0 for plain text).</summary>
    public static int CountIn(IEnumerable<string> texts)
    {
        int largest = -1;
        foreach (var text in texts)
            foreach (Match m in Pattern().Matches(text))
                largest = Math.Max(largest, int.Parse(m.Groups[1].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture));
        return largest + 1;
    }

    /// <summary>Adds &lt;cluster_0&gt; … &lt;cluster_{count-1}&gt; as special tokens (a no-op for those already present).</summary>
    public static void AddTo(ByteLevelBpeTokenizer tokenizer, int count)
    {
        for (int i = 0; i < count; i++) tokenizer.AddSpecialToken(Name(i));
    }

    /// <summary>Ids of every cluster token the tokenizer knows.</summary>
    public static HashSet<int> IdsIn(ByteLevelBpeTokenizer tokenizer) =>
        tokenizer.SpecialTokens.Where(t => Pattern().IsMatch(t) && Pattern().Match(t).Length == t.Length)
            .Select(t => tokenizer.TryGetSpecialTokenId(t, out int id) ? id : -1).Where(id => id >= 0).ToHashSet();

    /// <summary>
    /// Removes every cluster token with the one space the annotation put beside it: the space before a token that
    /// ends a chunk (postpend, "Spot. &lt;cluster_1&gt; One" → "Spot. One"), else the space after it (prepend, "&lt;cluster_3&gt; Once" → "Once").
    /// </summary>
    public static string Strip(string text) => WithSpace().Replace(text, string.Empty);

    [GeneratedRegex(@"<cluster_(\d+)>")]
    private static partial Regex Pattern();

    [GeneratedRegex(@" <cluster_\d+>(?= |$)|<cluster_\d+> ?", RegexOptions.Multiline)]
    private static partial Regex WithSpace();
}
