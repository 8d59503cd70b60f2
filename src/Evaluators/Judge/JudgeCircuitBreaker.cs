namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// Stops a batch of judgments when the judge is evidently down or the time is up: after
/// <see cref="LlmJudgeOptions.MaxConsecutiveFailures"/> failed requests in a row across all samples (any reply resets the
/// count), on a refusal that every request would get (bad key, unknown model), or when the batch's time budget is spent.
/// Opening cancels <see cref="Token"/>, which every request, retry wait and queued judgment of the batch listens to, so
/// requests in flight are abandoned at once; the first reason is kept for the report.
/// </summary>
internal sealed class JudgeCircuitBreaker : IDisposable
{
    readonly int threshold;
    readonly CancellationTokenSource stop;
    readonly Timer? budget;
    int consecutiveFailures;
    string? reason;

    public JudgeCircuitBreaker(int threshold, TimeSpan? timeBudget, CancellationToken caller)
    {
        this.threshold = threshold;
        stop = CancellationTokenSource.CreateLinkedTokenSource(caller);
        if (timeBudget is { } limit)
            budget = new Timer(_ => Open($"its time budget of {Seconds(limit)} was spent"), null, limit, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled when the breaker opens or the caller cancels.</summary>
    public CancellationToken Token => stop.Token;

    /// <summary>Why the batch stopped; null while it runs.</summary>
    public string? Reason => Volatile.Read(ref reason);

    public void Succeeded() => Interlocked.Exchange(ref consecutiveFailures, 0);

    /// <param name="what">The failure, e.g. "HTTP 500 for sample 'a/p0/s1'".</param>
    public void Failed(string what)
    {
        var count = Interlocked.Increment(ref consecutiveFailures);
        if (count >= threshold) Open($"{count} requests in a row failed (the last: {what})");
    }

    public void Open(string why)
    {
        if (Interlocked.CompareExchange(ref reason, why, null) is null) stop.Cancel();
    }

    static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.###} s";

    public void Dispose()
    {
        budget?.Dispose();
        stop.Dispose();
    }
}
