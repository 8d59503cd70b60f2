using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// Fixed-length training examples cut from one token stream (texts joined by end-of-text): example i is the
/// window tokens[i·T .. i·T + T] of T + 1 tokens, read as inputs [T] and next-token targets [T].
/// </summary>
public sealed class TokenSequences
{
    readonly int[] tokens;

    public TokenSequences(int[] tokens, int sequenceLength)
    {
        if (sequenceLength <= 0) throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength, "The sequence length must be positive.");
        this.tokens = tokens;
        SequenceLength = sequenceLength;
        Count = CountFor(tokens.Length, sequenceLength);
    }

    /// <summary>Complete examples of T + 1 tokens a stream of <paramref name="tokenCount"/> tokens gives.</summary>
    public static int CountFor(long tokenCount, int sequenceLength) => tokenCount <= 1 ? 0 : (int)((tokenCount - 1) / sequenceLength);

    /// <summary>Joins token ids of each text, each followed by <paramref name="endOfTextId"/>.</summary>
    public static TokenSequences FromTexts(IEnumerable<int[]> texts, int endOfTextId, int sequenceLength)
    {
        var stream = new List<int>();
        foreach (var text in texts)
        {
            stream.AddRange(text);
            stream.Add(endOfTextId);
        }
        return new TokenSequences(stream.ToArray(), sequenceLength);
    }

    public int SequenceLength { get; }

    /// <summary>Number of complete examples; a tail shorter than T + 1 tokens is dropped.</summary>
    public int Count { get; }

    public int TokenCount => tokens.Length;

    /// <summary>
    /// "sha256:…, N tokens" of the whole token stream (ids as little-endian int32): a checkpoint records it so a run is
    /// resumed only on the corpus, tokenizer and plan tokens it started with.
    /// </summary>
    public string Fingerprint() =>
        $"sha256:{Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(tokens.AsSpan())))}, {tokens.Length} tokens";

    /// <summary>Writes example <paramref name="index"/> into inputs [T] and targets [T].</summary>
    public void CopyExample(int index, Span<int> inputs, Span<int> targets)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {Count} examples.");
        int T = SequenceLength;
        tokens.AsSpan(index * T, T).CopyTo(inputs);
        tokens.AsSpan(index * T + 1, T).CopyTo(targets);
    }
}
