using Microsoft.ML.SemanticContext.Text;
using Microsoft.ML.SemanticContext.Transforms.Masking;

namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>
/// Finds character names in a story beginning and checks which ones the continuation mentions again: an automatic
/// proxy for "keeps the same characters". A name is what the mask stage masks as one (<see cref="StoryNames"/>):
/// name statistics fitted on the evaluated texts (capitalised words that are rarely written lower-case and appear
/// mid-sentence), a word introduced by "named"/"called" or a title in the same text, and the optional names list.
/// </summary>
public sealed class CharacterNames
{
    readonly NameModel _model;

    /// <param name="texts">The texts whose capitalisation decides what is a name: the evaluated prompts and completions.</param>
    /// <param name="knownNames">Optional first names (any case) that count even where only a sentence start capitalises them.</param>
    public CharacterNames(IEnumerable<string> texts, IEnumerable<string>? knownNames = null)
    {
        var statistics = new NameModel.Statistics();
        long count = 0;
        foreach (var text in texts)
        {
            statistics.Add(text);
            count++;
        }
        _model = statistics.Build(NameModel.ReadList(path: null, knownNames), EntityMaskDefaults.MaxLowercaseShare, EntityMaskDefaults.MaxLowercaseShareListed, count);
    }

    /// <summary>The names in <paramref name="text"/>, as written there.</summary>
    public IReadOnlySet<string> Find(string text)
    {
        var names = _model.ForStory([text]);
        var words = new List<WordToken>();
        WordToken.Scan(text, words);
        return words.Where(word => names.IsName(text, word)).Select(word => text.Substring(word.Start, word.Length)).ToHashSet(StringComparer.Ordinal);
    }

    /// <returns>Fraction of the prompt's names that the continuation mentions; null when the prompt names nobody.</returns>
    public double? CarriedFraction(string prompt, string continuation)
    {
        var names = Find(prompt);
        if (names.Count == 0) return null;
        var mentioned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in WordScanner.Words(continuation)) mentioned.Add(continuation.Substring(word.Start, word.Length));
        return (double)names.Count(mentioned.Contains) / names.Count;
    }
}
