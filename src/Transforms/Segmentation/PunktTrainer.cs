namespace Microsoft.ML.SemanticContext.Transforms.Segmentation;

/// <summary>
/// Unsupervised training of the Punkt boundary model (Kiss &amp; Strunk 2006, as in NLTK's PunktTrainer) on the
/// stories themselves: abbreviations from type/token statistics, orthographic context, sentence starters and
/// collocations; plus the dialogue-attribution verbs children's stories need.
/// </summary>
public static class PunktTrainer
{
    // Thresholds from Kiss & Strunk / NLTK.
    const double AbbreviationScore = 0.3;
    const double CollocationScore = 7.88;
    const double SentenceStarterScore = 30;
    const int MinCollocationCount = 1;

    // Our addition: a learned abbreviation is dropped when at least this share of the words after its period are
    // words that start sentences elsewhere ("zoo. The", "idea. Together"): then the period ended a sentence.
    // Templated or small corpora otherwise make any frequent sentence-final word an "abbreviation".
    const double MaxOrdinaryCapitalFollowers = 0.5;
    const int MinSpeechVerbCount = 3;

    // Kiss & Strunk's length factor says abbreviations are short; on templated text a frequent sentence-final word
    // ("idea.") still scores high, so a learned abbreviation without inner periods ("p.m") has at most this many letters.
    const int MaxLearnedAbbreviationLength = 3;

    /// <summary>Prior knowledge for small corpora; the learned sets are added to these.</summary>
    public static readonly string[] SeedAbbreviations = ["mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "mt", "etc", "e.g", "i.e", "vs"];

    public static readonly string[] SeedSpeechVerbs =
        ["said", "asked", "replied", "shouted", "cried", "yelled", "whispered", "exclaimed", "called", "answered", "screamed", "says", "asks"];

    static readonly HashSet<string> Pronouns = ["he", "she", "they", "i", "we", "you", "it"];

    struct Token
    {
        public int Type;
        public Terminator Terminator;
        public sbyte Case;
        public bool StoryStart, LineBreakBefore, OpensQuote, HasCloser, EndsWithPause, Alphabetic;
    }

    /// <summary>Learns the parameters from at most <paramref name="maxStories"/> stories; <paramref name="cancellation"/> is checked once per story.</summary>
    public static PunktParameters Train(IEnumerable<string> stories, int maxStories, Action<long>? progress = null, CancellationToken cancellation = default)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        var names = new List<string>();
        var tokens = new List<Token>(1 << 16);
        var pieces = new List<TextPiece>(256);
        Span<char> buffer = stackalloc char[PunktTypes.MaxKeyLength];
        int storyCount = 0;
        foreach (var story in stories)
        {
            if (storyCount == maxStories) break;
            cancellation.ThrowIfCancellationRequested();
            storyCount++;
            pieces.Clear();
            TextPieces.Scan(story, pieces);
            for (int p = 0; p < pieces.Count; p++)
            {
                var piece = pieces[p];
                if (piece.CoreLength == 0) continue;
                var key = PunktTypes.Key(piece.Core(story), buffer);
                if (!lookup.TryGetValue(key, out int id))
                {
                    id = names.Count;
                    var name = key.ToString();
                    ids[name] = id;
                    names.Add(name);
                }
                tokens.Add(new Token
                {
                    Type = id, Terminator = piece.Terminator, Case = (sbyte)piece.FirstCase(story),
                    StoryStart = p == 0, LineBreakBefore = piece.LineBreakBefore, OpensQuote = piece.OpensQuote,
                    HasCloser = piece.HasCloser, EndsWithPause = piece.EndsWithPause, Alphabetic = IsAlphabetic(name: key),
                });
            }
            if ((storyCount & 1023) == 0) progress?.Invoke(storyCount);
        }
        progress?.Invoke(storyCount);
        return Learn(tokens, names, storyCount);
    }

    static bool IsAlphabetic(ReadOnlySpan<char> name)
    {
        foreach (char c in name) if (char.IsLetter(c)) return true;
        return false;
    }

    static PunktParameters Learn(List<Token> tokens, List<string> names, int storyCount)
    {
        int types = names.Count;
        var withPeriod = new int[types];
        var withoutPeriod = new int[types];
        // Words that are written lower-case somewhere or start a sentence at an unambiguous boundary (story start,
        // line break, after '!'/'?'): capitalised after a period, they say the period ended a sentence.
        var sentenceWord = new bool[types];
        int periodTokens = 0;
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Terminator == Terminator.Period) { withPeriod[t.Type]++; periodTokens++; }
            else withoutPeriod[t.Type]++;
            if (t.Case < 0 || (t.Case > 0 && (t.StoryStart || t.LineBreakBefore || tokens[i - 1].Terminator == Terminator.Strong)))
                sentenceWord[t.Type] = true;
        }
        long n = tokens.Count;

        var abbreviations = new HashSet<string>(SeedAbbreviations, StringComparer.Ordinal);
        foreach (int type in AbbreviationCandidates(tokens, names, withPeriod, withoutPeriod, sentenceWord, periodTokens, n))
            abbreviations.Add(names[type]);
        var isAbbreviation = names.Select(abbreviations.Contains).ToArray();

        bool IsBreak(in Token t) => t.Terminator == Terminator.Strong
            || (t.Terminator == Terminator.Period && !isAbbreviation[t.Type] && !IsInitial(names[t.Type]));

        // Orthographic context and sentence-starter counts in one pass, with the abbreviations known.
        var orthography = new int[types];
        var atBreak = new int[types];
        int breaks = 0;
        var pairCounts = new Dictionary<(int, int), int>();
        var verbCounts = new Dictionary<int, int>();
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            bool begin = t.StoryStart || t.LineBreakBefore;
            bool unknown = false;
            if (!begin)
            {
                var prev = tokens[i - 1];
                if (IsBreak(prev)) begin = true;
                else if (prev.Terminator != Terminator.None || t.OpensQuote) unknown = true;
                if (IsBreak(prev)) { breaks++; if (t.Alphabetic) atBreak[t.Type]++; }
                if (prev.Terminator == Terminator.Period && (IsInitial(names[prev.Type]) || names[prev.Type] == PunktTypes.Number) && t.Alphabetic)
                    pairCounts[(prev.Type, t.Type)] = pairCounts.GetValueOrDefault((prev.Type, t.Type)) + 1;
                if (prev.EndsWithPause && prev.HasCloser && SpeechVerbCandidate(tokens, names, i) is int verb)
                    verbCounts[verb] = verbCounts.GetValueOrDefault(verb) + 1;
            }
            if (t.Case == 0) continue;
            bool upper = t.Case > 0;
            orthography[t.Type] |= begin ? (upper ? OrthoContext.BeginUpper : OrthoContext.BeginLower)
                : unknown ? (upper ? OrthoContext.UnknownUpper : OrthoContext.UnknownLower)
                : (upper ? OrthoContext.MiddleUpper : OrthoContext.MiddleLower);
        }

        var starters = new HashSet<string>(StringComparer.Ordinal);
        for (int type = 0; type < types; type++)
        {
            if (atBreak[type] == 0) continue;
            int count = withPeriod[type] + withoutPeriod[type];
            double ll = CollocationLogLikelihood(breaks, count, atBreak[type], n);
            if (ll >= SentenceStarterScore && (double)n / breaks > (double)count / atBreak[type]) starters.Add(names[type]);
        }

        var collocations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var ((first, second), pairCount) in pairCounts)
        {
            int firstCount = withPeriod[first] + withoutPeriod[first], secondCount = withPeriod[second] + withoutPeriod[second];
            if (firstCount <= 1 || secondCount <= 1 || pairCount <= MinCollocationCount || pairCount > Math.Min(firstCount, secondCount)) continue;
            double ll = CollocationLogLikelihood(firstCount, secondCount, pairCount, n);
            if (ll >= CollocationScore && (double)n / firstCount > (double)secondCount / pairCount && !starters.Contains(names[second]))
                collocations.Add($"{names[first]} {names[second]}");
        }

        var verbs = new HashSet<string>(SeedSpeechVerbs, StringComparer.Ordinal);
        foreach (var (verb, count) in verbCounts)
            if (count >= MinSpeechVerbCount) verbs.Add(names[verb]);

        var ortho = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int type = 0; type < types; type++)
            if (orthography[type] != 0) ortho[names[type]] = orthography[type];

        return new PunktParameters
        {
            Abbreviations = abbreviations, Orthography = ortho, SentenceStarters = starters,
            Collocations = collocations, SpeechVerbs = verbs, TrainingStories = storyCount,
        };
    }

    /// <summary>Type-based abbreviation detection: Dunning log-likelihood × length, period and penalty factors.</summary>
    static IEnumerable<int> AbbreviationCandidates(List<Token> tokens, List<string> names, int[] withPeriod, int[] withoutPeriod,
        bool[] sentenceWord, int periodTokens, long n)
    {
        var followers = new int[names.Count];
        var ordinaryCapitalFollowers = new int[names.Count];
        for (int i = 0; i + 1 < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Terminator != Terminator.Period) continue;
            followers[t.Type]++;
            var next = tokens[i + 1];
            // A paragraph or story end after the period is as clear a sentence end as "The".
            if (next.StoryStart || next.LineBreakBefore || (next.Case > 0 && sentenceWord[next.Type])) ordinaryCapitalFollowers[t.Type]++;
        }
        for (int type = 0; type < names.Count; type++)
        {
            var name = names[type];
            if (withPeriod[type] == 0 || name == PunktTypes.Number || !IsAlphabetic(name)) continue;
            if (name.Length > MaxLearnedAbbreviationLength && !name.Contains('.')) continue;
            int periods = name.Count(c => c == '.') + 1;
            int nonPeriods = name.Length - periods + 1;
            double ll = DunningLogLikelihood(withPeriod[type] + withoutPeriod[type], periodTokens, withPeriod[type], n);
            double score = ll * Math.Exp(-nonPeriods) * periods * Math.Pow(nonPeriods, -withoutPeriod[type]);
            if (score < AbbreviationScore) continue;
            if (followers[type] > 0 && ordinaryCapitalFollowers[type] >= MaxOrdinaryCapitalFollowers * followers[type]) continue;
            yield return type;
        }
    }

    /// <summary>
    /// The verb of a dialogue attribution with a pronoun subject, <c>..., " she said</c>: after a pronoun the next word
    /// is almost always the verb, so this pattern alone finds speech verbs without mistaking nouns ("the boy") for them.
    /// </summary>
    static int? SpeechVerbCandidate(List<Token> tokens, List<string> names, int i)
    {
        if (i + 1 >= tokens.Count) return null;
        var subject = tokens[i];
        var verb = tokens[i + 1];
        var pronoun = names[subject.Type];
        if (!Pronouns.Contains(pronoun) || (subject.Case >= 0 && pronoun != "i")) return null;
        if (subject.Terminator != Terminator.None || subject.EndsWithPause) return null;
        if (verb.StoryStart || verb.LineBreakBefore || verb.OpensQuote || verb.Case >= 0 || !verb.Alphabetic) return null;
        return verb.Type;
    }

    /// <summary>A single letter with a period ("J. K."); "I." is a pronoun ending a sentence, not an initial.</summary>
    internal static bool IsInitial(ReadOnlySpan<char> type) => type.Length == 1 && char.IsLetter(type[0]) && type[0] != 'i';

    static double DunningLogLikelihood(double countA, double countB, double countAB, double n)
    {
        double p1 = countB / n, p2 = 0.99;
        double nullHypothesis = countAB * Math.Log(p1) + (countA - countAB) * Math.Log(1.0 - p1);
        double alternative = countAB * Math.Log(p2) + (countA - countAB) * Math.Log(1.0 - p2);
        return -2.0 * (nullHypothesis - alternative);
    }

    static double CollocationLogLikelihood(double countA, double countB, double countAB, double n)
    {
        double p = countB / n, p1 = countAB / countA, p2 = (countB - countAB) / (n - countA);
        double s1 = countAB * Math.Log(p) + (countA - countAB) * Math.Log(1.0 - p);
        double s2 = (countB - countAB) * Math.Log(p) + (n - countA - countB + countAB) * Math.Log(1.0 - p);
        double s3 = countA == countAB ? 0 : countAB * Math.Log(p1) + (countA - countAB) * Math.Log(1.0 - p1);
        double s4 = countB == countAB ? 0 : (countB - countAB) * Math.Log(p2) + (n - countA - countB + countAB) * Math.Log(1.0 - p2);
        return -2.0 * (s1 + s2 - s3 - s4);
    }
}
