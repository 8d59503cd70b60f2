using System.Text.RegularExpressions;

namespace Microsoft.ML.SemanticContext.Evaluators.Reporting;

/// <summary>Finds the <c>&lt;cluster_i&gt;</c> plan tokens in generated text so the report can highlight them.</summary>
public static partial class PlanTokens
{
    /// <summary>A piece of text: plain, or one plan token with its cluster id.</summary>
    public readonly record struct Piece(string Text, int? ClusterId);

    public static IEnumerable<Piece> Split(string text)
    {
        var at = 0;
        foreach (Match m in Token().Matches(text))
        {
            if (m.Index > at) yield return new Piece(text[at..m.Index], null);
            yield return new Piece(m.Value, int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture));
            at = m.Index + m.Length;
        }
        if (at < text.Length) yield return new Piece(text[at..], null);
    }

    /// <summary>A piece of a shown story, marked when it belongs to the given beginning rather than the model's continuation.</summary>
    public readonly record struct StoryPiece(string Text, int? ClusterId, bool InPrompt);

    /// <summary>
    /// Splits a generated story into plain and plan-token pieces and, when the story starts with
    /// <paramref name="prompt"/> (comparing non-space characters, so inserted plan tokens and their spaces do not
    /// matter), marks that beginning as prompt. If it does not start with the prompt, nothing is marked.
    /// </summary>
    public static IReadOnlyList<StoryPiece> SplitStory(string prompt, string generated)
    {
        var pieces = Split(generated).ToList();
        var given = prompt.Trim();
        var j = 0;
        var result = new List<StoryPiece>();
        foreach (var piece in pieces)
        {
            if (piece.ClusterId is not null || j >= given.Length)
            {
                // A plan token seen before the prompt is used up was given with the prompt (by the annotator), not written by the model.
                result.Add(new StoryPiece(piece.Text, piece.ClusterId, j < given.Length));
                continue;
            }
            var text = piece.Text;
            var cut = 0;
            for (; cut < text.Length && j < given.Length; cut++)
            {
                if (char.IsWhiteSpace(text[cut])) continue;
                while (j < given.Length && char.IsWhiteSpace(given[j])) j++;
                if (text[cut] != given[j]) return pieces.Select(p => new StoryPiece(p.Text, p.ClusterId, false)).ToList();
                j++;
            }
            if (cut > 0) result.Add(new StoryPiece(text[..cut], null, true));
            if (cut < text.Length) result.Add(new StoryPiece(text[cut..], null, false));
        }
        // A story that ends before the whole prompt was seen is not a prompt-plus-continuation.
        return j >= given.Length ? result : pieces.Select(p => new StoryPiece(p.Text, p.ClusterId, false)).ToList();
    }

    /// <summary>
    /// The chunks a model wrote in a continuation, each with its own plan token: with prepended tokens the text after
    /// a token up to the next one, with postpended tokens the text before a token since the previous one. The chunk
    /// that began in the prompt is left out (its text continues the prompt's last chunk, and with prepended tokens its
    /// token was given, not written), and so is a token without text.
    /// </summary>
    public static IReadOnlyList<(int ClusterId, string Text)> WrittenChunks(string continuation, Placement placement)
    {
        var chunks = new List<(int, string)>();
        var pieces = Split(continuation).ToList();
        int? token = null;
        var text = new System.Text.StringBuilder();
        var first = true;
        foreach (var piece in pieces)
        {
            if (piece.ClusterId is not { } id) { text.Append(piece.Text); continue; }
            if (placement == Placement.Prepend) Add(token);
            else if (!first) Add(id);
            (token, first) = (id, false);
            text.Clear();
        }
        if (placement == Placement.Prepend) Add(token);
        return chunks;

        void Add(int? cluster)
        {
            var chunk = text.ToString().Trim();
            if (cluster is { } c && chunk.Length > 0) chunks.Add((c, chunk));
        }
    }

    [GeneratedRegex(@"<cluster_(\d{1,4})>", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
