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

    [GeneratedRegex(@"<cluster_(\d{1,4})>", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
