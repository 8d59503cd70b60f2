namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>
/// xoshiro256** with a state that can be saved and restored, so a resumed training run draws exactly the numbers
/// the uninterrupted run would have (System.Random cannot expose its state).
/// </summary>
public sealed class DeterministicRandom
{
    ulong s0, s1, s2, s3;

    public DeterministicRandom(long seed)
    {
        // SplitMix64 expands the seed into four non-zero state words, as the xoshiro authors recommend.
        ulong x = (ulong)seed;
        s0 = SplitMix(ref x); s1 = SplitMix(ref x); s2 = SplitMix(ref x); s3 = SplitMix(ref x);
    }

    DeterministicRandom(ulong[] state) => (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3]);

    /// <summary>The four state words, for a checkpoint.</summary>
    public ulong[] State => new[] { s0, s1, s2, s3 };

    public static DeterministicRandom FromState(IReadOnlyList<ulong> state)
    {
        if (state.Count != 4 || state.All(w => w == 0))
            throw new ArgumentException("A random-number state has four words, not all zero.", nameof(state));
        return new DeterministicRandom(state.ToArray());
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, maxExclusive).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        return (int)(NextDouble() * maxExclusive);
    }

    /// <summary>Standard normal by Box–Muller (one value per call, so the stream position is easy to reason about).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
