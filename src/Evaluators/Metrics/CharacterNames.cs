using System.Text.RegularExpressions;

namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>
/// Finds character names in a story beginning and checks which ones the continuation mentions again: an
/// automatic proxy for "keeps the same characters". A name is a capitalised word that is not the first word of
/// a sentence, a word right after "named"/"called", or — when a name list is given — a capitalised word
/// anywhere that is in that list. Common capitalised non-names (I, Mom, days of the week...) are ignored.
/// </summary>
public sealed partial class CharacterNames(IEnumerable<string>? knownNames = null)
{
    static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "I", "I'm", "I'll", "I've", "I'd", "Mom", "Mommy", "Dad", "Daddy", "Mum", "Mummy", "Grandma", "Grandpa", "God",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Christmas", "OK", "Okay",
        "Mr", "Mrs", "Ms", "Miss", "Dr", "The", "A", "An", "Once", "One", "Then", "But", "And", "So", "When", "They", "He", "She", "It",
    };

    readonly HashSet<string> known = new((knownNames ?? []).Select(n => n.Trim()).Where(n => n.Length > 1), StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> Find(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Capitalised().Matches(text))
        {
            var word = m.Value;
            if (NotNames.Contains(word)) continue;
            var before = text.AsSpan(0, m.Index).TrimEnd();
            var sentenceStart = before.IsEmpty || before[^1] is '.' or '!' or '?' or '"' or '\u201C' or ':' or '\n';
            var introduced = before.EndsWith("named", StringComparison.OrdinalIgnoreCase) || before.EndsWith("called", StringComparison.OrdinalIgnoreCase);
            if (!sentenceStart || introduced || known.Contains(word)) names.Add(word);
        }
        return names;
    }

    /// <returns>Fraction of the prompt's names that the continuation mentions; null when the prompt names nobody.</returns>
    public double? CarriedFraction(string prompt, string continuation)
    {
        var names = Find(prompt);
        if (names.Count == 0) return null;
        var mentioned = new HashSet<string>(Word().Matches(continuation).Select(m => m.Value), StringComparer.Ordinal);
        return (double)names.Count(mentioned.Contains) / names.Count;
    }

    [GeneratedRegex(@"\b\p{Lu}\p{Ll}+\b", RegexOptions.CultureInvariant)]
    private static partial Regex Capitalised();

    [GeneratedRegex(@"\p{L}+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
