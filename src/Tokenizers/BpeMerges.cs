namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// The ranked merge list of a byte-level BPE and the algorithm that applies it to one pre-tokenised piece.
/// Merging follows GPT-2: repeatedly join the adjacent pair with the lowest rank, every occurrence left to
/// right. It is done with a min-heap of (rank, position) over a linked list of symbols, so a long piece (a
/// run of 10,000 spaces) costs O(n log n) rather than the reference's O(n²).
/// </summary>
internal sealed class BpeMerges
{
    readonly Dictionary<ulong, int> _rankOfPair = new();
    readonly List<(int Left, int Right, int Result)> _byRank = new();

    [ThreadStatic] static Scratch? t_scratch;

    public int Count => _byRank.Count;

    public (int Left, int Right, int Result) this[int rank] => _byRank[rank];

    /// <summary>Appends a merge with the next rank. A pair listed twice keeps its last rank, as in GPT-2's encoder.py.</summary>
    public void Add(int left, int right, int result)
    {
        _rankOfPair[Key(left, right)] = _byRank.Count;
        _byRank.Add((left, right, result));
    }

    /// <summary>Merges the byte tokens of <paramref name="bytes"/> and appends the resulting ids.</summary>
    public void Apply(ReadOnlySpan<byte> bytes, ReadOnlySpan<int> idOfByte, List<int> ids)
    {
        var n = bytes.Length;
        if (n == 0) return;
        var s = t_scratch ??= new Scratch();
        s.EnsureCapacity(n);
        var symbol = s.Symbol; // token id per position, -1 once absorbed into its left neighbour
        var next = s.Next;     // next live position, -1 at the end
        var prev = s.Prev;     // previous live position, -1 at the start
        var heap = s.Heap;
        heap.Clear();

        for (var i = 0; i < n; i++)
        {
            symbol[i] = idOfByte[bytes[i]];
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        for (var i = 0; i + 1 < n; i++)
        {
            if (_rankOfPair.TryGetValue(Key(symbol[i], symbol[i + 1]), out var rank)) heap.Enqueue(i, Order(rank, i));
        }

        while (heap.TryDequeue(out var position, out var order))
        {
            var right = next[position];
            // Entries go stale when a neighbour merges first; the pair now at this position must still have this rank.
            if (symbol[position] < 0 || right < 0) continue;
            if (!_rankOfPair.TryGetValue(Key(symbol[position], symbol[right]), out var rank) || rank != (int)(order >> 32)) continue;

            symbol[position] = _byRank[rank].Result;
            symbol[right] = -1;
            next[position] = next[right];
            if (next[right] >= 0) prev[next[right]] = position;

            var left = prev[position];
            if (left >= 0 && _rankOfPair.TryGetValue(Key(symbol[left], symbol[position]), out var leftRank))
                heap.Enqueue(left, Order(leftRank, left));
            if (next[position] >= 0 && _rankOfPair.TryGetValue(Key(symbol[position], symbol[next[position]]), out var rightRank))
                heap.Enqueue(position, Order(rightRank, position));
        }

        for (var i = 0; i >= 0; i = next[i]) ids.Add(symbol[i]);
    }

    static ulong Key(int left, int right) => ((ulong)(uint)left << 32) | (uint)right;

    /// <summary>Heap priority: lower rank first, then leftmost position (GPT-2 merges every occurrence left to right).</summary>
    static ulong Order(int rank, int position) => ((ulong)(uint)rank << 32) | (uint)position;

    sealed class Scratch
    {
        public int[] Symbol = [], Next = [], Prev = [];
        public readonly PriorityQueue<int, ulong> Heap = new();

        public void EnsureCapacity(int n)
        {
            if (Symbol.Length >= n) return;
            var size = Math.Max(n, 64);
            Symbol = new int[size];
            Next = new int[size];
            Prev = new int[size];
        }
    }
}
