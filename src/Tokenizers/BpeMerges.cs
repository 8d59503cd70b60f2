namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// The ranked merge list of a byte-level BPE and the algorithm that applies it to one pre-tokenised piece.
/// Merging follows GPT-2: repeatedly join the adjacent pair with the lowest rank, every occurrence left to
/// right. It is done with a min-heap of (rank, position) over a linked list of symbols, so a long piece (a
/// run of 10,000 symbols) costs O(n log n) rather than the reference's O(n²).
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
        var symbol = s.Symbol;  // token id per position; positions absorbed into a left neighbour are unlinked
        var next = s.Next;      // next live position, -1 at the end
        var prev = s.Prev;      // previous live position, -1 at the start
        var rankAt = s.RankAt;  // rank of the pair (position, next position), -1 if none: the heap's validity check
        s.HeapCount = 0;

        for (var i = 0; i < n; i++)
        {
            symbol[i] = idOfByte[bytes[i]];
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        rankAt[n - 1] = -1;
        for (var i = 0; i + 1 < n; i++)
        {
            rankAt[i] = RankOf(symbol[i], symbol[i + 1]);
            if (rankAt[i] >= 0) s.Push(rankAt[i], i);
        }

        while (s.TryPop(out var rank, out var position))
        {
            // A pair's rank at a position changes whenever a neighbour merges, and never returns to an earlier
            // value (symbols only grow), so an entry is current exactly when it still matches rankAt.
            if (rankAt[position] != rank) continue;
            var right = next[position];
            symbol[position] = _byRank[rank].Result;
            rankAt[right] = -1;
            next[position] = next[right];
            if (next[right] >= 0) prev[next[right]] = position;

            rankAt[position] = next[position] >= 0 ? RankOf(symbol[position], symbol[next[position]]) : -1;
            if (rankAt[position] >= 0) s.Push(rankAt[position], position);
            var left = prev[position];
            if (left >= 0)
            {
                rankAt[left] = RankOf(symbol[left], symbol[position]);
                if (rankAt[left] >= 0) s.Push(rankAt[left], left);
            }
        }

        for (var i = 0; i >= 0; i = next[i]) ids.Add(symbol[i]);
    }

    int RankOf(int left, int right) => _rankOfPair.TryGetValue(Key(left, right), out var rank) ? rank : -1;

    /// <summary>
    /// The pair packed into 64 bits and multiplied by an odd constant (a bijection, so keys stay unique): ulong's
    /// own hash, low ^ high, would otherwise pile GPT-2's 50,000 pairs of small ids into few buckets.
    /// </summary>
    static ulong Key(int left, int right) => (((ulong)(uint)left << 32) | (uint)right) * 0x9E3779B97F4A7C15UL;

    sealed class Scratch
    {
        public int[] Symbol = [], Next = [], Prev = [], RankAt = [];
        ulong[] _heap = [];     // min-heap of (rank << 32 | position): lower rank first, then leftmost position
        public int HeapCount;

        public void EnsureCapacity(int n)
        {
            if (Symbol.Length >= n) return;
            var size = Math.Max(n, 64);
            Symbol = new int[size];
            Next = new int[size];
            Prev = new int[size];
            RankAt = new int[size];
            _heap = new ulong[2 * size]; // each merge pushes at most two entries, after n - 1 initial ones
        }

        public void Push(int rank, int position)
        {
            var item = ((ulong)(uint)rank << 32) | (uint)position;
            var i = HeapCount++;
            if (i == _heap.Length) Array.Resize(ref _heap, 2 * _heap.Length);
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (_heap[parent] <= item) break;
                _heap[i] = _heap[parent];
                i = parent;
            }
            _heap[i] = item;
        }

        public bool TryPop(out int rank, out int position)
        {
            if (HeapCount == 0)
            {
                rank = position = -1;
                return false;
            }
            var top = _heap[0];
            var last = _heap[--HeapCount];
            var i = 0;
            while (true)
            {
                var child = 2 * i + 1;
                if (child >= HeapCount) break;
                if (child + 1 < HeapCount && _heap[child + 1] < _heap[child]) child++;
                if (last <= _heap[child]) break;
                _heap[i] = _heap[child];
                i = child;
            }
            _heap[i] = last;
            rank = (int)(top >> 32);
            position = (int)(uint)top;
            return true;
        }
    }
}
