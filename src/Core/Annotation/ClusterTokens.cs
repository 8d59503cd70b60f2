using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// The one owner of the plan-token format <c>&lt;cluster_i&gt;</c>: writing tokens into a story, finding them, and
/// removing them. Annotation keeps the story byte for byte and only inserts text: <c>"&lt;cluster_i&gt; "</c> before each
/// chunk (prepend) or <c>" &lt;cluster_i&gt;"</c> after it (postpend), so <see cref="Strip(string, Placement)"/> returns
/// the original exactly, provided the story did not itself contain text of the form <c>&lt;cluster_N&gt;</c>.
/// </summary>
public static partial class ClusterTokens
{
    /// <summary>The token of cluster <paramref name="cluster"/>: <c>&lt;cluster_3&gt;</c>.</summary>
    public static string Token(int cluster) => string.Create(CultureInfo.InvariantCulture, $"<cluster_{cluster}>");

    /// <summary>Whether <paramref name="text"/> is exactly one plan token; <paramref name="cluster"/> is its id.</summary>
    public static bool TryParse(string text, out int cluster)
    {
        var match = Pattern().Match(text);
        cluster = match.Success && match.Length == text.Length ? int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : -1;
        return cluster >= 0;
    }

    /// <summary>
    /// The story with a token at every chunk. <paramref name="chunks"/> must occur in <paramref name="story"/> in order
    /// (as the segment stage produces them); <paramref name="clusters"/> holds one id per chunk.
    /// </summary>
    public static string Annotate(string story, IReadOnlyList<string> chunks, IReadOnlyList<int> clusters, Placement placement, long rowIndex = -1)
    {
        if (chunks.Count != clusters.Count)
            throw new ArgumentException($"Row {rowIndex}: {chunks.Count} chunks but {clusters.Count} cluster ids.");
        if (!Enum.IsDefined(placement)) throw UnknownPlacement(placement);
        var output = new StringBuilder(story.Length + chunks.Count * 14);
        int position = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            int start = story.IndexOf(chunks[i], position, StringComparison.Ordinal);
            if (start < 0)
                throw new InvalidDataException($"Row {rowIndex}: chunk {i} (\"{Preview(chunks[i])}\") does not occur in the story after offset {position}; the chunks must be the story's own text, in order.");
            output.Append(story, position, start - position);
            if (placement == Placement.Prepend) output.Append(Token(clusters[i])).Append(' ').Append(chunks[i]);
            else output.Append(chunks[i]).Append(' ').Append(Token(clusters[i]));
            position = start + chunks[i].Length;
        }
        output.Append(story, position, story.Length - position);
        return output.ToString();
    }

    /// <summary>Removes exactly the tokens <see cref="Annotate"/> inserted with <paramref name="placement"/>, giving back the story.</summary>
    public static string Strip(string annotated, Placement placement) => placement switch
    {
        Placement.Prepend => PrependedToken().Replace(annotated, ""),
        Placement.Postpend => PostpendedToken().Replace(annotated, ""),
        _ => throw UnknownPlacement(placement),
    };

    /// <summary>
    /// Removes every plan token of text whose placement is not known (what a model wrote) with the one space the
    /// annotation puts beside it: the space before a token that ends a chunk (postpend, "Spot. &lt;cluster_1&gt; One" →
    /// "Spot. One"), else the space after it (prepend, "&lt;cluster_3&gt; Once" → "Once").
    /// </summary>
    public static string Strip(string text) => TokenWithSpace().Replace(text, string.Empty);

    /// <summary>Number of distinct cluster ids the texts can use: one more than the largest id found (0 for plain text).</summary>
    public static int CountIn(IEnumerable<string> texts)
    {
        int largest = -1;
        foreach (var text in texts)
            foreach (Match m in Pattern().Matches(text))
                largest = Math.Max(largest, int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
        return largest + 1;
    }

    /// <summary>The text cut into plain pieces and plan tokens (with their cluster ids), in order.</summary>
    public static IEnumerable<(string Text, int? Cluster)> Split(string text)
    {
        var at = 0;
        foreach (Match m in Pattern().Matches(text))
        {
            if (m.Index > at) yield return (text[at..m.Index], null);
            yield return (m.Value, int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
            at = m.Index + m.Length;
        }
        if (at < text.Length) yield return (text[at..], null);
    }

    public static ArgumentOutOfRangeException UnknownPlacement(Placement placement) =>
        new(nameof(placement), $"Unknown placement {(int)placement}; expected {string.Join(" or ", Enum.GetNames<Placement>())}.");

    static string Preview(string chunk) => chunk.Length <= 60 ? chunk : chunk[..57] + "...";

    [GeneratedRegex(@"<cluster_([0-9]{1,9})>", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    [GeneratedRegex(@"<cluster_[0-9]{1,9}> ", RegexOptions.CultureInvariant)]
    private static partial Regex PrependedToken();

    [GeneratedRegex(@" <cluster_[0-9]{1,9}>", RegexOptions.CultureInvariant)]
    private static partial Regex PostpendedToken();

    [GeneratedRegex(@" <cluster_[0-9]{1,9}>(?= |$)|<cluster_[0-9]{1,9}> ?", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex TokenWithSpace();
}
