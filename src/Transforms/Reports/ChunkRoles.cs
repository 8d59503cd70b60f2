using Microsoft.ML.SemanticContext.Corpus.Synthetic;

namespace Microsoft.ML.SemanticContext.Transforms.Reports;

/// <summary>The known narrative role of each sentence of one story (from a synthetic corpus's roles sidecar).</summary>
public sealed record StoryRoleLabels(IReadOnlyList<string> Sentences, IReadOnlyList<string> Roles)
{
    public static StoryRoleLabels From(NarrativeRoles.Entry entry) => new(entry.Sentences, entry.Roles.Select(r => r.ToString()).ToList());

    /// <summary>The labels of every story of <paramref name="corpusPath"/> when a roles sidecar sits next to it, else null.</summary>
    public static IReadOnlyList<StoryRoleLabels?>? ReadSidecar(string corpusPath) =>
        NarrativeRoles.HasSidecar(corpusPath) ? NarrativeRoles.Read(corpusPath).Select(From).ToList() : null;
}

/// <summary>Gives each chunk of a story the role of the sentence it starts in.</summary>
public static class ChunkRoles
{
    /// <summary>
    /// The role of each chunk, or null when the labelled sentences or the chunks cannot be found in order in
    /// <paramref name="story"/> (then the story is left out of the NMI).
    /// </summary>
    public static string[]? Assign(string story, IReadOnlyList<string> chunks, StoryRoleLabels labels)
    {
        if (labels.Sentences.Count != labels.Roles.Count || labels.Sentences.Count == 0) return null;
        var sentenceStarts = new int[labels.Sentences.Count];
        int position = 0;
        for (int s = 0; s < labels.Sentences.Count; s++)
        {
            int start = story.IndexOf(labels.Sentences[s].Trim(), position, StringComparison.Ordinal);
            if (start < 0) return null;
            sentenceStarts[s] = start;
            position = start + 1;
        }
        var roles = new string[chunks.Count];
        position = 0;
        for (int c = 0; c < chunks.Count; c++)
        {
            int start = story.IndexOf(chunks[c], position, StringComparison.Ordinal);
            if (start < 0) return null;
            position = start + chunks[c].Length;
            // The sentence containing the chunk's first character: the last one starting at or before it.
            int sentence = Array.BinarySearch(sentenceStarts, start);
            if (sentence < 0) sentence = Math.Max(0, ~sentence - 1);
            roles[c] = labels.Roles[sentence];
        }
        return roles;
    }
}
