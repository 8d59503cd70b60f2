namespace Microsoft.ML.SemanticContext.Tokenizers;

/// <summary>
/// The bytes of every token, end to end in one array with an offset per id, so that decoding copies from one
/// block of memory instead of chasing one small array per token.
/// </summary>
internal sealed class TokenByteTable
{
    byte[] _bytes = new byte[1 << 16];
    int[] _start = new int[1 << 12];   // token id's bytes are _bytes[_start[id].._start[id + 1]]
    int _count;

    public int Count => _count;

    public void Add(ReadOnlySpan<byte> bytes)
    {
        var end = _start[_count] + bytes.Length;
        if (end > _bytes.Length) Array.Resize(ref _bytes, Math.Max(end, 2 * _bytes.Length));
        if (_count + 2 > _start.Length) Array.Resize(ref _start, 2 * _start.Length);
        bytes.CopyTo(_bytes.AsSpan(_start[_count]));
        _start[++_count] = end;
    }

    /// <summary>The bytes of <paramref name="id"/>; the caller checks that it is below <see cref="Count"/>.</summary>
    public ReadOnlySpan<byte> this[int id] => _bytes.AsSpan(_start[id], _start[id + 1] - _start[id]);

    /// <summary>Total bytes of <paramref name="ids"/>, or -1 with <paramref name="bad"/> at the first id outside the table.</summary>
    public int Length(ReadOnlySpan<int> ids, out int bad)
    {
        var start = _start;
        var length = 0;
        for (bad = 0; bad < ids.Length; bad++)
        {
            var id = ids[bad];
            if ((uint)id >= (uint)_count) return -1;
            length += start[id + 1] - start[id];
        }
        bad = -1;
        return length;
    }

    /// <summary>Writes the bytes of <paramref name="ids"/> (all checked by <see cref="Length"/>) into <paramref name="destination"/>.</summary>
    public void CopyTo(ReadOnlySpan<int> ids, Span<byte> destination)
    {
        var (bytes, start) = (_bytes, _start);
        var written = 0;
        foreach (var id in ids)
        {
            var from = start[id];
            var length = start[id + 1] - from;
            bytes.AsSpan(from, length).CopyTo(destination[written..]);
            written += length;
        }
    }
}
