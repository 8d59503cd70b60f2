using Microsoft.ML.SemanticContext.Evaluators.Metrics;

namespace Microsoft.ML.SemanticContext.Evaluators.Clustering;

/// <summary>
/// The words that characterise each cluster, by class-based TF-IDF (as BERTopic's c-TF-IDF): a word's frequency
/// within the cluster's chunks times log(1 + A / its frequency over all chunks), A the mean word count per cluster.
/// Words frequent everywhere ("the", "was") fall away; words a cluster uses more than others ("suddenly", "end") rise.
/// Common function words and the masking placeholder are skipped outright.
/// </summary>
public static class ClusterTerms
{
    static readonly HashSet<string> Skip = new(StringComparer.Ordinal)
    {
        "unk", "a", "an", "the", "and", "or", "but", "so", "to", "of", "in", "on", "at", "for", "with", "from", "by", "up", "out",
        "is", "was", "were", "are", "be", "been", "had", "has", "have", "did", "do", "does", "it", "its", "it's", "they", "them",
        "their", "we", "us", "our", "you", "your", "i", "me", "my", "that", "this", "there", "then", "than", "as", "not", "very",
        "all", "one", "what", "who", "when", "said", "he", "she", "his", "her", "him", "hers", "herself", "himself", "too", "into",
    };

    /// <param name="texts">Chunk texts (the masked copies, so names do not dominate).</param>
    /// <param name="clusterIds">One id per text, in 0..k−1.</param>
    /// <returns>For each cluster id 0..k−1, up to <paramref name="count"/> terms, most characteristic first.</returns>
    public static IReadOnlyList<IReadOnlyList<string>> Top(IReadOnlyList<string> texts, IReadOnlyList<int> clusterIds, int k, int count)
    {
        if (texts.Count != clusterIds.Count)
            throw new ArgumentException($"Cluster terms need one cluster id per text; got {texts.Count} texts and {clusterIds.Count} ids.");
        var perCluster = Enumerable.Range(0, k).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var overall = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new long[k];
        for (var i = 0; i < texts.Count; i++)
        {
            var c = clusterIds[i];
            if ((uint)c >= (uint)k) throw new ArgumentOutOfRangeException(nameof(clusterIds), $"Text {i} has cluster id {c}, outside 0..{k - 1}.");
            foreach (var w in WordTokens.Of(texts[i]))
            {
                if (Skip.Contains(w) || w.Length < 2) continue;
                perCluster[c][w] = perCluster[c].GetValueOrDefault(w) + 1;
                overall[w] = overall.GetValueOrDefault(w) + 1;
                words[c]++;
            }
        }
        var meanWords = Math.Max(1.0, words.Average());
        return perCluster.Select((counts, c) => (IReadOnlyList<string>)counts
            .Select(kv => (Word: kv.Key, Score: (double)kv.Value / Math.Max(1, words[c]) * Math.Log(1 + meanWords / overall[kv.Key])))
            .OrderByDescending(t => t.Score).ThenBy(t => t.Word, StringComparer.Ordinal)
            .Take(count).Select(t => t.Word).ToList()).ToList();
    }
}
