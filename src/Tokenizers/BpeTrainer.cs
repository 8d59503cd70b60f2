using System.Runtime.InteropServices;

namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// Learns a byte-level BPE from a corpus. The corpus is reduced to its distinct pre-tokenised words with their
/// counts; each step merges the most frequent adjacent pair. Pair counts are kept up to date incrementally:
/// a merge revisits only the words that hold the merged pair (an index from pair to words), and a max-heap with
/// lazily corrected counts picks the next pair. Ties go to the smaller (left id, right id), so the same corpus
/// always gives the same merges.
/// </summary>
internal static class BpeTrainer
{
    public static BpeDefinition Train(IEnumerable<string> texts, int vocabularySize, IReadOnlyList<string> specialTokens, IProgress<double>? progress)
    {
        var ordinaryBudget = vocabularySize - specialTokens.Count;
        if (ordinaryBudget < 256)
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize,
                $"A byte-level BPE needs at least 256 byte tokens + {specialTokens.Count} special tokens = {256 + specialTokens.Count} ids.");

        var words = new WordTable(CountWords(texts, specialTokens));
        var spellings = Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.CharOfByte[b].ToString()).ToList();
        var bytesOfToken = Enumerable.Range(0, 256).Select(b => new[] { (byte)b }).ToList();
        var idOfSpelling = spellings.Select((s, id) => (s, id)).ToDictionary(p => p.s, p => p.id, StringComparer.Ordinal);
        var merges = new List<(int Left, int Right, int Result)>();

        var reported = -1;
        while (spellings.Count < ordinaryBudget && words.TryTakeMostFrequentPair(out var left, out var right))
        {
            var bytes = bytesOfToken[left].Concat(bytesOfToken[right]).ToArray();
            var spelling = ByteLevelAlphabet.Spell(bytes);
            // Two merge paths can spell the same bytes ("ab"+"c" and "a"+"bc"); both then yield the one token.
            if (!idOfSpelling.TryGetValue(spelling, out var result))
            {
                result = spellings.Count;
                spellings.Add(spelling);
                bytesOfToken.Add(bytes);
                idOfSpelling.Add(spelling, result);
            }
            merges.Add((left, right, result));
            words.Merge(left, right, result);

            var percent = 100 * (spellings.Count - 256) / Math.Max(1, ordinaryBudget - 256);
            if (percent != reported) progress?.Report((reported = percent) / 100.0);
        }
        if (reported != 100) progress?.Report(1.0);

        var specials = new List<(string Content, int Id)>();
        foreach (var special in specialTokens)
        {
            specials.Add((special, spellings.Count));
            spellings.Add(special);
        }
        return new BpeDefinition(spellings, merges, specials);
    }

    /// <summary>Distinct pre-tokenised words (text between special tokens) with their counts, in ordinal order.</summary>
    static List<(string Word, int Count)> CountWords(IEnumerable<string> texts, IReadOnlyList<string> specialTokens)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var bySpan = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        var matcher = new SpecialTokenMatcher(specialTokens);
        foreach (var text in texts)
        {
            var rest = (text ?? throw new ArgumentException("The corpus holds a null text.", nameof(texts))).AsSpan();
            while (!rest.IsEmpty)
            {
                var index = matcher.Find(rest, out var special);
                var segment = index < 0 ? rest : rest[..index];
                for (var start = 0; start < segment.Length;)
                {
                    var end = Gpt2PreTokenizer.NextPieceEnd(segment, start);
                    CollectionsMarshal.GetValueRefOrAddDefault(bySpan, segment[start..end], out _)++;
                    start = end;
                }
                rest = index < 0 ? [] : rest[(index + special.Length)..];
            }
        }
        return counts.Select(p => (p.Key, p.Value)).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>The words as token-id sequences, the count of every adjacent pair, and which words hold each pair.</summary>
    sealed class WordTable
    {
        readonly int[][] _symbols;       // per word: token ids, valid up to _length
        readonly int[] _length;
        readonly long[] _frequency;
        readonly Dictionary<ulong, long> _pairCount = new();
        readonly Dictionary<ulong, List<int>> _wordsWithPair = new();
        readonly PriorityQueue<ulong, (long Count, ulong Pair)> _queue = new(Comparer<(long Count, ulong Pair)>.Create(
            (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : a.Pair.CompareTo(b.Pair)));
        readonly HashSet<ulong> _grownPairs = new();

        public WordTable(List<(string Word, int Count)> words)
        {
            _symbols = new int[words.Count][];
            _length = new int[words.Count];
            _frequency = new long[words.Count];
            for (var w = 0; w < words.Count; w++)
            {
                var bytes = TextBytes.Of(words[w].Word);
                _symbols[w] = Array.ConvertAll(bytes, b => (int)b);
                _length[w] = bytes.Length;
                _frequency[w] = words[w].Count;
                AddPairs(w, newToken: -1);
            }
            foreach (var (pair, count) in _pairCount) _queue.Enqueue(pair, (count, pair));
        }

        /// <summary>Pops the pair with the highest count; heap entries whose count has since dropped are re-queued.</summary>
        public bool TryTakeMostFrequentPair(out int left, out int right)
        {
            while (_queue.TryDequeue(out var pair, out var queued))
            {
                var count = _pairCount.GetValueOrDefault(pair);
                if (count != queued.Count)
                {
                    if (count > 0) _queue.Enqueue(pair, (count, pair));
                    continue;
                }
                (left, right) = ((int)(pair >> 32), (int)(uint)pair);
                return true;
            }
            left = right = -1;
            return false;
        }

        /// <summary>Replaces every (left, right) by <paramref name="result"/> in the words that hold it and updates the pair counts.</summary>
        public void Merge(int left, int right, int result)
        {
            var pair = Key(left, right);
            if (!_wordsWithPair.Remove(pair, out var words)) return;
            _grownPairs.Clear();
            foreach (var w in words)
            {
                var s = _symbols[w];
                var n = _length[w];
                if (!Holds(s.AsSpan(0, n), left, right)) continue; // listed earlier, merged away since

                for (var i = 0; i + 1 < n; i++) _pairCount[Key(s[i], s[i + 1])] -= _frequency[w];
                var written = 0;
                for (var read = 0; read < n;)
                {
                    if (read + 1 < n && s[read] == left && s[read + 1] == right) { s[written++] = result; read += 2; }
                    else s[written++] = s[read++];
                }
                _length[w] = written;
                AddPairs(w, result);
            }
            _pairCount.Remove(pair);
            foreach (var grown in _grownPairs) _queue.Enqueue(grown, (_pairCount[grown], grown));
        }

        /// <summary>
        /// Counts the pairs of word <paramref name="w"/>. Pairs with <paramref name="newToken"/> are new (or grew),
        /// so they are indexed and queued; the others were only subtracted and added back.
        /// </summary>
        void AddPairs(int w, int newToken)
        {
            var s = _symbols[w];
            for (var i = 0; i + 1 < _length[w]; i++)
            {
                var key = Key(s[i], s[i + 1]);
                CollectionsMarshal.GetValueRefOrAddDefault(_pairCount, key, out _) += _frequency[w];
                if (newToken >= 0 && s[i] != newToken && s[i + 1] != newToken) continue;
                ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_wordsWithPair, key, out _);
                list ??= new List<int>();
                if (list.Count == 0 || list[^1] != w) list.Add(w);
                if (newToken >= 0) _grownPairs.Add(key);
            }
        }

        static bool Holds(ReadOnlySpan<int> s, int left, int right)
        {
            for (var i = 0; i + 1 < s.Length; i++)
                if (s[i] == left && s[i + 1] == right) return true;
            return false;
        }

        static ulong Key(int left, int right) => ((ulong)(uint)left << 32) | (uint)right;
    }
}
