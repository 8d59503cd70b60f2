using Microsoft.ML.SemanticContext.Text;

namespace Microsoft.ML.SemanticContext.Transforms.Masking;

/// <summary>
/// Which words of one story are person names: those <see cref="NameModel"/> judges names from corpus statistics and
/// the names list, plus the words the story itself introduces as names ("a dog named Spot ... Spot ran", "Mr. Bear").
/// The one name detector: the mask stage masks exactly these words, and the "names carried over" proxy counts them.
/// </summary>
public sealed class StoryNames
{
    readonly NameModel _model;
    readonly HashSet<string> _introduced;

    internal StoryNames(NameModel model, IReadOnlyList<string> chunks)
    {
        _model = model;
        _introduced = Introduced(chunks);
    }

    /// <summary>Whether <paramref name="word"/> of <paramref name="chunk"/> (a chunk of this story) is a person name.</summary>
    public bool IsName(string chunk, WordToken word)
    {
        if (!word.IsCapitalised(chunk) || word.IsAllCaps(chunk)) return false;
        Span<char> buffer = stackalloc char[64];
        var key = WordScanner.ToLower(word.Text(chunk), buffer);
        if (NameEvidence.GenderedPronouns.GetAlternateLookup<ReadOnlySpan<char>>().Contains(key)) return false;
        return _introduced.GetAlternateLookup<ReadOnlySpan<char>>().Contains(key)
            || (!NameEvidence.NeverNames.GetAlternateLookup<ReadOnlySpan<char>>().Contains(key) && _model.IsName(key, word.SentenceInitial));
    }

    /// <summary>Lower-cased capitalised words that follow "named", "called" or a title in the same sentence, anywhere in the story.</summary>
    static HashSet<string> Introduced(IReadOnlyList<string> chunks)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var words = new List<WordToken>();
        foreach (var chunk in chunks)
        {
            words.Clear();
            WordToken.Scan(chunk, words);
            for (int i = 1; i < words.Count; i++)
            {
                var word = words[i];
                // "the king. The..." is no introduction: the capital must not start a sentence.
                if (!word.IsCapitalised(chunk) || word.IsAllCaps(chunk) || word.SentenceInitial) continue;
                var before = words[i - 1].Text(chunk).ToString().ToLowerInvariant();
                var key = word.Text(chunk).ToString().ToLowerInvariant();
                if (NameEvidence.Introductions.Contains(before) && !NameEvidence.RoleWords.Contains(key) && !NameEvidence.GenderedPronouns.Contains(key))
                    names.Add(key);
            }
        }
        return names;
    }
}
