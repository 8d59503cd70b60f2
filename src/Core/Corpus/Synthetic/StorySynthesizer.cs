using System.Text;
using T = Microsoft.ML.SemanticContext.Corpus.Synthetic.StoryTemplates;

namespace Microsoft.ML.SemanticContext.Corpus.Synthetic;

/// <summary>
/// Generates TinyStories-like stories whose sentences carry a known <see cref="NarrativeRole"/>: every story has
/// exactly two sentences per role, in role order (10 sentences), so chunks of one or two sentences both align with
/// roles. This is the project's built-in demo corpus; its roles let a run report how well clusters recover
/// narrative function (NMI). Deterministic for a seed.
/// </summary>
public static class StorySynthesizer
{
    public const int SentencesPerRole = 2;

    // Share of role boundaries that start a new paragraph ("\n"), as TinyStories stories often do.
    const double ParagraphBreakShare = 0.3;

    /// <summary>The first names the stories use (for checks that masking removes every one of them).</summary>
    public static IReadOnlyList<string> CharacterNames { get; } = T.Characters.Select(c => c.Name).ToArray();

    public static IReadOnlyList<SyntheticStory> Generate(int stories, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stories);
        return Stream(stories, seed).ToList();
    }

    /// <summary>The stories of <see cref="Generate"/>, one at a time: memory stays that of one story however many are asked for.</summary>
    static IEnumerable<SyntheticStory> Stream(int stories, int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < stories; i++) yield return GenerateOne(random);
    }

    /// <summary>
    /// Writes <paramref name="stories"/> stories to <paramref name="path"/> as a TinyStories .txt corpus
    /// (<c>&lt;|endoftext|&gt;</c> lines between stories) and their roles to <see cref="NarrativeRoles.SidecarPath"/>;
    /// both files are written atomically and streamed (the stories are generated once per file rather than held).
    /// </summary>
    public static void WriteCorpus(string path, int stories, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stories);
        CorpusWriter.Write(path, CorpusFormat.EndOfTextSeparated, Stream(stories, seed).Select((s, i) => new CorpusStory(i, s.Text, 0)));
        NarrativeRoles.Write(NarrativeRoles.SidecarPath(path), Stream(stories, seed));
    }

    static SyntheticStory GenerateOne(Random random)
    {
        var (name, girl) = Pick(random, T.Characters);
        string friend;
        do friend = Pick(random, T.Characters).Name; while (friend == name);
        var slots = new Dictionary<string, string>
        {
            ["Name"] = name, ["Friend"] = friend,
            ["He"] = girl ? "She" : "He", ["he"] = girl ? "she" : "he",
            ["His"] = girl ? "Her" : "His", ["his"] = girl ? "her" : "his", ["him"] = girl ? "her" : "him",
            ["kind"] = Pick(random, girl ? T.GirlKinds : T.BoyKinds), ["adj"] = Pick(random, T.Adjectives),
            ["home"] = Pick(random, T.Homes), ["nature"] = Pick(random, T.Nature), ["hobby"] = Pick(random, T.Hobbies),
            ["toy"] = Pick(random, T.Toys), ["trait"] = Pick(random, T.Traits), ["place"] = Pick(random, T.Places),
            ["companion"] = Pick(random, T.Companions), ["weather"] = Pick(random, T.Weather),
            ["sights"] = Pick(random, T.Sights), ["activity"] = Pick(random, T.Activities), ["bad"] = Pick(random, T.BadFeelings),
            ["helper"] = Pick(random, T.Helpers),
        };
        var (problem, fix) = Pick(random, T.Problems);
        slots["problem"] = problem;
        slots["fix"] = random.Next(3) == 0 ? Pick(random, T.GenericFixes) : fix;
        var sentences = new List<string>(10);
        var roles = new List<NarrativeRole>(10);
        var text = new StringBuilder();
        foreach (var role in Enum.GetValues<NarrativeRole>())
        {
            var templates = T.Sentences[role];
            for (int s = 0; s < SentencesPerRole; s++)
            {
                var sentence = Fill(Pick(random, templates[s]), slots);
                if (text.Length > 0) text.Append(s == 0 && random.NextDouble() < ParagraphBreakShare ? '\n' : ' ');
                text.Append(sentence);
                sentences.Add(sentence);
                roles.Add(role);
            }
        }
        return new SyntheticStory(text.ToString(), sentences, roles);
    }

    /// <summary>Replaces {slot}s until none is left (slot values may hold slots: "{his} mom").</summary>
    static string Fill(string template, Dictionary<string, string> slots)
    {
        var text = template;
        for (int pass = 0; pass < 3 && text.Contains('{'); pass++)
        {
            var builder = new StringBuilder(text.Length + 32);
            int i = 0;
            while (i < text.Length)
            {
                int open = text.IndexOf('{', i);
                if (open < 0) { builder.Append(text, i, text.Length - i); break; }
                int close = text.IndexOf('}', open);
                builder.Append(text, i, open - i).Append(slots[text[(open + 1)..close]]);
                i = close + 1;
            }
            text = builder.ToString();
        }
        return text;
    }

    static TItem Pick<TItem>(Random random, IReadOnlyList<TItem> items) => items[random.Next(items.Count)];
}
