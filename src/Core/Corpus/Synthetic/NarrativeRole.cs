namespace Microsoft.ML.SemanticContext.Corpus.Synthetic;

/// <summary>The narrative function of a sentence: the five the paper's k = 5 clusters came out as, in story order.</summary>
public enum NarrativeRole
{
    Introduction,
    Setting,
    Twist,
    Resolution,
    Ending,
}

/// <summary>
/// One generated story: its sentences, the role of each, and the text as written to the corpus (the sentences joined
/// by a space, or by a line break between roles where the story starts a new paragraph).
/// </summary>
public sealed record SyntheticStory(string Text, IReadOnlyList<string> Sentences, IReadOnlyList<NarrativeRole> Roles);
