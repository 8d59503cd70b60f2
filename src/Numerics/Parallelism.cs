namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// The fork/join helper the kernels share, so that small problems stay on the calling thread instead of paying the
/// fork cost. The thread budget is the current <see cref="ComputeSettings.Threads"/> (the CLI's <c>--threads</c>).
/// </summary>
public static class Parallelism
{
    /// <summary>Work (in rough floating-point operations) per extra part; tests lower it to split small problems.</summary>
    internal static long MinWorkPerPart { get; set; } = 1 << 20;

    /// <summary>Upper bound on the threads a kernel uses at once: the current scope's <see cref="ComputeSettings.Threads"/>.</summary>
    public static int MaxThreads => ComputeSettings.Current.Threads;

    /// <summary>
    /// How many parts to split <paramref name="items"/> independent items into, given roughly how many
    /// floating-point operations each costs: one more part per ~1M operations (~60 µs of vector work). Forking and joining
    /// costs tens of microseconds on a busy machine, so a 2048×64 layer norm (~1M) stays on one thread.
    /// </summary>
    internal static int PartsFor(long items, long costPerItem)
    {
        long byWork = Math.Max(1, items * Math.Max(1, costPerItem) / MinWorkPerPart);
        return (int)Math.Max(1, Math.Min(Math.Min(MaxThreads, items), byWork));
    }

    /// <summary>Runs <paramref name="body"/>(part) for part in [0, parts), inline when there is one part.</summary>
    internal static void For(int parts, Action<int> body)
    {
        if (parts <= 1)
        {
            body(0);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(parts, MaxThreads) }, body);
    }

    /// <summary>The half-open range [start, end) of items that part <paramref name="part"/> of <paramref name="parts"/> owns.</summary>
    internal static (int Start, int End) Range(int items, int parts, int part)
    {
        long start = (long)items * part / parts;
        long end = (long)items * (part + 1) / parts;
        return ((int)start, (int)end);
    }
}
