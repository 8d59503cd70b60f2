using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;

namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// Decides whether a failed request is worth repeating and how long to wait: exponential backoff with jitter,
/// or the server's own Retry-After / retry-after-ms when that is longer (a rate limiter that names a time
/// means it; retrying earlier only earns another 429).
/// </summary>
internal sealed class RetryBackoff(TimeSpan initial, TimeSpan max)
{
    /// <summary>Statuses that say "try again later": rate limit, request timeout, and server errors.</summary>
    public static bool IsRetryableStatus(int status) => status is 408 or 409 or 429 || status >= 500 || status == 0;

    /// <summary>Refusals every other request would get too (a bad key, a key without access, an unknown model or path): the batch stops at once.</summary>
    public static bool RefusesEveryRequest(int status) => status is 401 or 403 or 404;

    /// <summary>Wait before retry number <paramref name="retry"/> (0-based).</summary>
    public TimeSpan Delay(int retry, TimeSpan? retryAfter)
    {
        // Jitter in [0.5, 1) of the exponential step spreads out the eight concurrent workers that hit the same 429.
        var exponential = initial.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30));
        var jittered = Math.Min(exponential, max.TotalMilliseconds) * (0.5 + 0.5 * Random.Shared.NextDouble());
        var wait = TimeSpan.FromMilliseconds(jittered);
        return retryAfter is { } server && server > wait ? server : wait;
    }

    /// <summary>The server's requested wait from a failed response, if it gave one.</summary>
    public static TimeSpan? RetryAfter(ClientResultException error)
    {
        PipelineResponse? response = error.GetRawResponse();
        if (response is null) return null;
        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
            return TimeSpan.FromMilliseconds(millis);
        if (!response.Headers.TryGetValue("Retry-After", out var value) || value is null) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            var wait = at - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
