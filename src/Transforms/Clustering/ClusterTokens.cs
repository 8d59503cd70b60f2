using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.SemanticContext.Transforms.Clustering;

/// <summary>
/// Writing and removing cluster tokens. Annotation keeps the story byte for byte and only inserts text:
/// <c>"&lt;cluster_i&gt; "</c> before each chunk (prepend) or <c>" &lt;cluster_i&gt;"</c> after it (postpend);
/// the text between chunks is copied unchanged. So <see cref="Strip"/> returns the original story exactly,
/// provided the story did not itself contain text of the form <c>&lt;cluster_N&gt;</c>.
/// </summary>
public static partial class ClusterTokens
{
    public static string Token(int cluster) => $"<cluster_{cluster}>";

    /// <summary>
    /// The story with a token at every chunk. <paramref name="chunks"/> must occur in <paramref name="story"/> in order
    /// (as the segmentation stage produces them); <paramref name="clusters"/> holds one id per chunk.
    /// </summary>
    public static string Annotate(string story, IReadOnlyList<string> chunks, IReadOnlyList<int> clusters, Placement placement, long rowIndex = -1)
    {
        if (chunks.Count != clusters.Count)
            throw new ArgumentException($"Row {rowIndex}: {chunks.Count} chunks but {clusters.Count} cluster ids.");
        var output = new StringBuilder(story.Length + chunks.Count * 14);
        int position = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            int start = story.IndexOf(chunks[i], position, StringComparison.Ordinal);
            if (start < 0)
                throw new InvalidDataException($"Row {rowIndex}: chunk {i} (\"{Preview(chunks[i])}\") does not occur in the story after offset {position}; the chunks must be the story's own text, in order.");
            output.Append(story, position, start - position);
            if (placement == Placement.Prepend) output.Append(Token(clusters[i])).Append(' ').Append(chunks[i]);
            else if (placement == Placement.Postpend) output.Append(chunks[i]).Append(' ').Append(Token(clusters[i]));
            else throw UnknownPlacement(placement);
            position = start + chunks[i].Length;
        }
        output.Append(story, position, story.Length - position);
        return output.ToString();
    }

    /// <summary>Removes the tokens <see cref="Annotate"/> inserted with <paramref name="placement"/>.</summary>
    public static string Strip(string annotated, Placement placement) => placement switch
    {
        Placement.Prepend => PrependedToken().Replace(annotated, ""),
        Placement.Postpend => PostpendedToken().Replace(annotated, ""),
        _ => throw UnknownPlacement(placement),
    };

    internal static ArgumentOutOfRangeException UnknownPlacement(Placement placement) =>
        new(nameof(placement), $"Unknown placement {(int)placement}; expected {string.Join(" or ", Enum.GetNames<Placement>())}.");

    static string Preview(string chunk) => chunk.Length <= 60 ? chunk : chunk[..57] + "...";

    [GeneratedRegex(@"<cluster_[0-9]+> ")]
    private static partial Regex PrependedToken();

    [GeneratedRegex(@" <cluster_[0-9]+>")]
    private static partial Regex PostpendedToken();
}
