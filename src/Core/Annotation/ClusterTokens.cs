using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// The one owner of the plan-token format <c>&lt;cluster_i&gt;</c>: writing tokens into a story, finding them, and
/// removing them. Annotation keeps the story byte for byte and only inserts the tokens, with no space of their own, so
/// <see cref="Strip"/> returns the original exactly, provided the story did not itself contain text of the form
/// <c>&lt;cluster_N&gt;</c>. A token sits where a chunk's first sub-word token begins: before the whitespace that leads
/// into the chunk (prepend: <c>"Spot.&lt;cluster_1&gt; One day"</c>, <c>"&lt;cluster_3&gt;Once upon"</c>) or right
/// after the chunk's last character (postpend: <c>"Spot.&lt;cluster_0&gt; One day"</c>). A byte-level BPE never
/// merges across the step from a non-space to a space, so the plan tokens cut the text where its tokenisation is
/// cut anyway: the annotated story's token ids are the plain story's ids with the plan ids inserted, and a model
/// with plan tokens is scored on exactly the tokens of a model without them.
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
            if (placement == Placement.Prepend)
            {
                // The leading whitespace belongs to the chunk's first sub-word token (" One", "\n"), so the token goes before it.
                int before = start;
                while (before > position && char.IsWhiteSpace(story[before - 1])) before--;
                output.Append(story, position, before - position).Append(Token(clusters[i])).Append(story, before, start - before).Append(chunks[i]);
            }
            else output.Append(story, position, start - position).Append(chunks[i]).Append(Token(clusters[i]));
            position = start + chunks[i].Length;
        }
        output.Append(story, position, story.Length - position);
        return output.ToString();
    }

    /// <summary>
    /// Removes every plan token: gives back the story <see cref="Annotate"/> wrote them into, and the plain text of what
    /// a model trained on annotated stories writes.
    /// </summary>
    public static string Strip(string text) => Pattern().Replace(text, string.Empty);

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
}
