using Microsoft.ML.SemanticContext.Model;
using Microsoft.ML.SemanticContext.Text;

namespace Microsoft.ML.SemanticContext.Transforms.Masking;

/// <summary>
/// Decides which capitalised words are person names, from statistics learned over the corpus at Fit time: a
/// capitalised word is a name when it is (almost) never written lower-case in the corpus, occurs capitalised in
/// the middle of a sentence (so the capital is not just a sentence start) or after "named"/"called"/a title, and
/// does not mostly follow "the"/"in" (places, things). An optional list of first names lets rarer or
/// sentence-initial-only names through. Words never seen at Fit time count as names when capitalised
/// mid-sentence (an ordinary word would have been seen lower-case) or when listed.
/// </summary>
public sealed class NameModel
{
    const string NamesFileName = "names.txt";
    const string KnownWordsFileName = "known_words.txt";
    const string ListFileName = "names_list.txt";

    const double MinMiddleShare = 0.1;

    readonly HashSet<string> _names;
    readonly HashSet<string> _knownWords;
    readonly HashSet<string> _list;
    readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _namesLookup, _knownLookup, _listLookup;

    NameModel(HashSet<string> names, HashSet<string> knownWords, HashSet<string> list, long trainingStories)
    {
        TrainingStories = trainingStories;
        _names = names;
        _knownWords = knownWords;
        _list = list;
        _namesLookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        _knownLookup = knownWords.GetAlternateLookup<ReadOnlySpan<char>>();
        _listLookup = list.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Lower-cased word types judged to be names.</summary>
    public IReadOnlyCollection<string> Names => _names;

    public int KnownWordCount => _knownWords.Count;

    public int ListCount => _list.Count;

    /// <summary>Stories the statistics were gathered from.</summary>
    public long TrainingStories { get; }

    /// <summary>The names of one story's chunks: this model's judgement plus the story's own introductions.</summary>
    public StoryNames ForStory(IReadOnlyList<string> chunks) => new(this, chunks);

    /// <summary>Whether the capitalised word <paramref name="key"/> (lower-cased) is a name when seen without other evidence.</summary>
    public bool IsName(ReadOnlySpan<char> key, bool sentenceInitial)
    {
        if (_namesLookup.Contains(key)) return true;
        if (_knownLookup.Contains(key)) return false;
        return _listLookup.Contains(key) || !sentenceInitial;
    }

    /// <summary>Counts per lower-cased type, gathered over every chunk at Fit time (over every evaluated text for the names proxy).</summary>
    public sealed class Statistics
    {
        internal sealed class Counts
        {
            public int Lower, MiddleCapital, InitialCapital, Introduced, NonPersonContext;
        }

        readonly Dictionary<string, Counts> _counts = new(StringComparer.Ordinal);
        readonly List<WordToken> _words = new();

        public void Add(string chunk)
        {
            var lookup = _counts.GetAlternateLookup<ReadOnlySpan<char>>();
            var nonPerson = NameEvidence.NonPersonContext.GetAlternateLookup<ReadOnlySpan<char>>();
            var introductions = NameEvidence.Introductions.GetAlternateLookup<ReadOnlySpan<char>>();
            _words.Clear();
            WordToken.Scan(chunk, _words);
            Span<char> buffer = stackalloc char[64];
            Span<char> previous = stackalloc char[64];
            for (int i = 0; i < _words.Count; i++)
            {
                var word = _words[i];
                var key = WordScanner.ToLower(word.Text(chunk), buffer);
                if (!lookup.TryGetValue(key, out var counts))
                {
                    counts = new Counts();
                    _counts[key.ToString()] = counts;
                }
                if (!word.IsCapitalised(chunk)) counts.Lower++;
                else if (!word.IsAllCaps(chunk))
                {
                    if (word.SentenceInitial)
                    {
                        counts.InitialCapital++;
                        continue;
                    }
                    counts.MiddleCapital++;
                    var before = i > 0 ? WordScanner.ToLower(_words[i - 1].Text(chunk), previous) : default;
                    if (nonPerson.Contains(before)) counts.NonPersonContext++;
                    if (introductions.Contains(before)) counts.Introduced++;
                }
            }
        }

        /// <summary>Judges every type seen; <paramref name="list"/> holds the lower-cased first names of the names list.</summary>
        public NameModel Build(HashSet<string> list, double maxLowercaseShare, double maxLowercaseShareListed, long stories)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, c) in _counts)
            {
                // Single letters are spelled letters or initials ("A, B, C"), not names to mask.
                if (key.Length < 2 || NameEvidence.NeverNames.Contains(key) || NameEvidence.GenderedPronouns.Contains(key)) continue;
                int capitals = c.MiddleCapital + c.InitialCapital;
                if (capitals == 0) continue;
                double lowerShare = (double)c.Lower / (c.Lower + capitals);
                if (c.MiddleCapital > 0 && c.NonPersonContext * 2 >= c.MiddleCapital) continue;
                // Mid-sentence capitals must be a real share of the capitals: names are ("Tom and Sue", "said Tim"),
                // interjections and sentence openers are not ("Oh", once after a comma, sixty times after a quote).
                bool evidence = c.Introduced > 0 || (c.MiddleCapital > 0 && c.MiddleCapital >= MinMiddleShare * capitals);
                if ((evidence && lowerShare <= maxLowercaseShare) || (list.Contains(key) && lowerShare <= maxLowercaseShareListed))
                    names.Add(key);
            }
            var known = new HashSet<string>(_counts.Keys.Where(k => !names.Contains(k)), StringComparer.Ordinal);
            return new NameModel(names, known, list, stories);
        }
    }

    /// <summary>Reads a names list: one name per line, any case, blank lines and '#' comments skipped.</summary>
    public static HashSet<string> ReadList(string? path, IEnumerable<string>? names)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (path is not null)
            foreach (var line in File.ReadLines(path))
            {
                var name = line.Trim();
                if (name.Length > 0 && name[0] != '#') set.Add(name.ToLowerInvariant());
            }
        if (names is not null)
            foreach (var name in names)
                if (!string.IsNullOrWhiteSpace(name)) set.Add(name.Trim().ToLowerInvariant());
        return set;
    }

    public void Save(StageWriter context)
    {
        context.Options["trainingStories"] = TrainingStories;
        context.WriteText(NamesFileName, Lines(_names));
        context.WriteText(KnownWordsFileName, Lines(_knownWords));
        context.WriteText(ListFileName, Lines(_list));
    }

    public static NameModel Load(StageReader context) =>
        new(ReadLines(context, NamesFileName), ReadLines(context, KnownWordsFileName), ReadLines(context, ListFileName),
            context.GetOption<long>("trainingStories"));

    static string Lines(HashSet<string> set) => string.Concat(set.Order(StringComparer.Ordinal).Select(s => s + "\n"));

    static HashSet<string> ReadLines(StageReader context, string name) =>
        new(context.ReadText(name).Split('\n', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
