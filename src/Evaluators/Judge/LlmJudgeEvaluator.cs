using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Microsoft.ML.Runtime;
using OpenAI;
using OpenAI.Chat;

namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// Grades story completions with an LLM judge over any OpenAI-compatible chat endpoint, following the
/// TinyStories two-turn protocol (<see cref="TinyStoriesRubric"/>). Requests are retried with backoff on
/// 429/5xx/timeouts, at most <see cref="LlmJudgeOptions.MaxConcurrency"/> judgments run at once, a batch stops early
/// when the judge is down or its time budget is spent, replies are bounded in size and redacted of the key, and
/// finished judgments (and finished first turns) go to an on-disk cache so a repeated or resumed run pays for nothing twice.
/// </summary>
public sealed class LlmJudgeEvaluator : IDisposable
{
    readonly LlmJudgeOptions options;
    readonly JudgeEndpoint endpoint;
    readonly HttpClient http;
    readonly ChatClient client;
    readonly SemaphoreSlim slots;
    readonly RetryBackoff backoff;
    readonly JudgeCache? cache;
    readonly Func<TimeSpan, CancellationToken, Task> delay;
    int requestsSent;

    readonly ComponentHost? host;

    public LlmJudgeEvaluator(LlmJudgeOptions options)
        : this(options, Environment.GetEnvironmentVariable, Task.Delay)
    {
    }

    /// <summary>As created by <c>ml.TextGeneration.Evaluators.LlmJudge(...)</c>: progress and log messages go to the context.</summary>
    internal LlmJudgeEvaluator(IHostEnvironment environment, LlmJudgeOptions options)
        : this(options, Environment.GetEnvironmentVariable, Task.Delay)
    {
        host = new ComponentHost(environment, "LlmJudge");
        host.Log($"LLM judge: model '{options.Model}' at {Endpoint.Host}, rubric {TinyStoriesRubric.Version}, " +
                         $"concurrency {options.MaxConcurrency}, cache {(cache is null ? "off" : $"{cache.Path} ({cache.Count} judgments)")}.");
    }

    /// <param name="environment">Reads an environment variable; tests pass their own.</param>
    /// <param name="delay">Waits between retries; tests record the requested waits instead of sleeping.</param>
    internal LlmJudgeEvaluator(LlmJudgeOptions options, Func<string, string?> environment, Func<TimeSpan, CancellationToken, Task> delay)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.delay = delay;
        endpoint = JudgeEndpoint.Resolve(options, environment);
        backoff = new RetryBackoff(options.InitialBackoff, options.MaxBackoff);
        slots = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        // The pipeline's NetworkTimeout and the per-attempt timeout below bound each request; HttpClient's own would only race them.
        http = new HttpClient(new BoundedReplyHandler(options.MaxReplyBytes)) { Timeout = Timeout.InfiniteTimeSpan };
        client = new ChatClient(options.Model, new ApiKeyCredential(endpoint.ApiKey), new OpenAIClientOptions
        {
            Endpoint = endpoint.Endpoint,
            Transport = new HttpClientPipelineTransport(http),
            // Retries are ours (Retry-After, jitter, counted per request); the SDK's own would hide them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // The per-attempt timeout below decides; this only keeps the SDK's 100 s default from cutting in first.
            NetworkTimeout = options.RequestTimeout + TimeSpan.FromSeconds(30),
        });
        cache = options.CachePath is null ? null : new JudgeCache(options.CachePath);
    }

    public string JudgeModel => options.Model;

    public string RubricVersion => TinyStoriesRubric.Version;

    public Uri Endpoint => endpoint.Endpoint;

    /// <summary>HTTP requests sent so far by this evaluator, retries included.</summary>
    public int RequestsSent => Volatile.Read(ref requestsSent);

    /// <summary>
    /// Judges every sample and returns what was judged. A sample the judge refuses for good does not stop the others;
    /// the batch stops early, abandoning requests in flight, when the judge is evidently down (see
    /// <see cref="LlmJudgeOptions.MaxConsecutiveFailures"/>) or <see cref="LlmJudgeOptions.TimeBudget"/> is spent. Either
    /// way the result lists the samples left without a judgment and why (<see cref="JudgeBatchResult.IsComplete"/>),
    /// and everything finished is cached, so a rerun sends only what is missing. Only the caller's cancellation throws.
    /// </summary>
    public async Task<JudgeBatchResult> EvaluateAsync(IReadOnlyList<StorySample> samples, IProgress<JudgeResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var before = RequestsSent;
        var finished = 0;
        var refusals = new ConcurrentQueue<LlmJudgeException>();
        using var breaker = new JudgeCircuitBreaker(options.MaxConsecutiveFailures, options.TimeBudget, cancellationToken);
        var results = await Task.WhenAll(samples.Select(async s =>
        {
            JudgeResult result;
            try
            {
                result = await JudgeAsync(s, breaker, cancellationToken).ConfigureAwait(false);
            }
            catch (LlmJudgeException e)
            {
                refusals.Enqueue(e);
                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null; // the breaker opened
            }
            progress?.Report(result);
            host?.ReportProgress("judge", Interlocked.Increment(ref finished), samples.Count, result.FromCache ? "cached" : null);
            return result;
        })).ConfigureAwait(false);

        var unjudged = samples.Where((_, i) => results[i] is null).ToList();
        string? stopReason = unjudged.Count == 0 ? null
            : breaker.Reason is { } why ? endpoint.Redact($"The LLM judge at {endpoint.Endpoint.Host} (model '{options.Model}') stopped: {why}.")
            : $"{refusals.Count} sample(s) could not be judged; the first: {refusals.First().Message}";
        var batch = new JudgeBatchResult(results.OfType<JudgeResult>().ToList(), options.Model, TinyStoriesRubric.Version, RequestsSent - before)
        {
            Unjudged = unjudged,
            StopReason = stopReason,
        };
        host?.Log($"LLM judge: {batch.Graded} graded, {batch.Unparseable} unparseable (kept, excluded from scores), {batch.FromCache} from cache, {batch.RequestsSent} requests"
            + (stopReason is null ? "." : $"; {unjudged.Count} not judged. {stopReason}"));
        return batch;
    }

    /// <summary>Judges one sample: from the cache when it holds the key, else the two-turn conversation.</summary>
    /// <exception cref="LlmJudgeException">The judge refused the request, or every retry failed.</exception>
    public Task<JudgeResult> JudgeAsync(StorySample sample, CancellationToken cancellationToken = default) =>
        JudgeAsync(sample, breaker: null, cancellationToken);

    async Task<JudgeResult> JudgeAsync(StorySample sample, JudgeCircuitBreaker? breaker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var key = JudgeCache.KeyFor(sample.Prompt, sample.Completion, options.Model, TinyStoriesRubric.Version);
        if (cache is not null && cache.TryGet(key, out var hit) && hit.IsFinal) return FromEntry(sample, hit);

        await slots.WaitAsync(breaker?.Token ?? cancellationToken).ConfigureAwait(false);
        try
        {
            // A concurrent duplicate of this sample may have finished while this one waited for a slot.
            JudgeCache.Entry? known = null;
            if (cache is not null && cache.TryGet(key, out known) && known.IsFinal) return FromEntry(sample, known);

            List<ChatMessage> conversation = [ChatMessage.CreateUserMessage(TinyStoriesRubric.AssessmentRequest(sample.Prompt, sample.Completion))];
            // Turn 1 is paid once: the assessment of an earlier attempt that ended without grades is reused.
            var assessment = known is { Assessment.Length: > 0 } ? endpoint.Redact(known.Assessment) : null;
            var assessedNow = assessment is null;
            assessment ??= await CompleteAsync(sample, conversation, breaker, cancellationToken).ConfigureAwait(false);
            conversation.Add(ChatMessage.CreateAssistantMessage(assessment));
            conversation.Add(ChatMessage.CreateUserMessage(TinyStoriesRubric.GradeRequest));

            // A reply without readable grades is answered with the request for the grade lines, a bounded number of times.
            string gradeReply;
            JudgeGrades? grades;
            try
            {
                for (var retry = 0; ; retry++)
                {
                    gradeReply = await CompleteAsync(sample, conversation, breaker, cancellationToken).ConfigureAwait(false);
                    grades = GradeParser.TryParse(gradeReply);
                    if (grades is not null || retry >= options.MaxGradeRetries) break;
                    conversation.Add(ChatMessage.CreateAssistantMessage(gradeReply));
                    conversation.Add(ChatMessage.CreateUserMessage(TinyStoriesRubric.FormatReminder));
                }
            }
            catch when (assessedNow && cache is not null)
            {
                // Turn 2 failed or was stopped: keep the paid turn 1 for the next attempt. (Written only then, so a
                // judgment that finishes costs one cache line, as before.)
                cache.Add(JudgeCache.Entry.Assessed(key, options.Model, TinyStoriesRubric.Version, assessment));
                throw;
            }
            var result = new JudgeResult(sample, grades is null ? JudgeOutcome.Unparseable : JudgeOutcome.Graded, grades,
                assessment, gradeReply, options.Model, TinyStoriesRubric.Version, FromCache: false);
            cache?.Add(ToEntry(key, result));
            return result;
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>One chat turn with retries; the reply's text comes back with the API key redacted wherever the server echoed it.</summary>
    async Task<string> CompleteAsync(StorySample sample, List<ChatMessage> conversation, JudgeCircuitBreaker? breaker, CancellationToken cancellationToken)
    {
        var stop = breaker?.Token ?? cancellationToken;
        var chatOptions = new ChatCompletionOptions { Temperature = LlmJudgeOptions.Defaults.Temperature, MaxOutputTokenCount = LlmJudgeOptions.Defaults.MaxOutputTokens };
        for (var attempt = 0; ; attempt++)
        {
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            attemptTimeout.CancelAfter(options.RequestTimeout);
            string failure;
            int? status = null;
            TimeSpan? retryAfter = null;
            try
            {
                Interlocked.Increment(ref requestsSent);
                ClientResult<ChatCompletion> reply = await client.CompleteChatAsync(conversation, chatOptions, attemptTimeout.Token).ConfigureAwait(false);
                breaker?.Succeeded();
                // An empty reply is still a reply: it is kept and graded as unparseable rather than retried forever.
                return endpoint.Redact(string.Concat(reply.Value.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text)));
            }
            catch (Exception e) when (TooLarge(e) is { } tooLarge)
            {
                breaker?.Failed($"an oversized reply for sample '{sample.Id}'");
                throw Fail(sample, $"was refused: {tooLarge.Message}", null);
            }
            catch (ClientResultException e) when (e.Status != 0 && !RetryBackoff.IsRetryableStatus(e.Status))
            {
                var refused = Fail(sample, $"was refused with HTTP {e.Status}: {e.Message}", e.Status);
                if (RetryBackoff.RefusesEveryRequest(e.Status)) breaker?.Open(refused.Message);
                else breaker?.Failed($"HTTP {e.Status} for sample '{sample.Id}'");
                throw refused;
            }
            catch (ClientResultException e)
            {
                status = e.Status == 0 ? null : e.Status;
                retryAfter = RetryBackoff.RetryAfter(e);
                failure = status is null ? $"failed without a response ({e.Message})" : $"got HTTP {status}";
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                failure = $"timed out after {options.RequestTimeout.TotalSeconds:0.###} s";
            }
            catch (HttpRequestException e)
            {
                failure = $"failed to connect ({e.Message})";
            }
            catch (IOException e)
            {
                failure = $"lost the connection ({e.Message})";
            }

            // A 429 that says when to come back is the server pacing the requests, not failing them.
            if (status != 429 || retryAfter is null) breaker?.Failed(endpoint.Redact($"sample '{sample.Id}' {failure}"));
            if (attempt >= options.MaxRetries)
                throw Fail(sample, $"{failure}; gave up after {attempt + 1} attempts", status);
            await delay(backoff.Delay(attempt, retryAfter), stop).ConfigureAwait(false);
        }
    }

    static JudgeReplyTooLargeException? TooLarge(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is JudgeReplyTooLargeException tooLarge) return tooLarge;
        return null;
    }

    LlmJudgeException Fail(StorySample sample, string what, int? status) =>
        new(endpoint.Redact($"LLM judge request for sample '{sample.Id}' to {endpoint.Endpoint} (model '{options.Model}') {what}."), status);

    /// <summary>A final (graded) cache entry as a result; its texts are redacted again, as a cache from an older version may hold the key.</summary>
    JudgeResult FromEntry(StorySample sample, JudgeCache.Entry e) =>
        new(sample, JudgeOutcome.Graded, new JudgeGrades(e.Grammar!.Value, e.Creativity!.Value, e.Consistency!.Value, e.Plot),
            endpoint.Redact(e.Assessment), endpoint.Redact(e.GradeReply), e.JudgeModel, e.RubricVersion, FromCache: true);

    static JudgeCache.Entry ToEntry(string key, JudgeResult r) => new(
        key, r.JudgeModel, r.RubricVersion, r.Outcome.ToString(),
        r.Grades?.Grammar, r.Grades?.Creativity, r.Grades?.Consistency, r.Grades?.Plot,
        r.Assessment, r.GradeReply, DateTimeOffset.UtcNow);

    public void Dispose()
    {
        cache?.Dispose();
        slots.Dispose();
        http.Dispose();
    }
}
