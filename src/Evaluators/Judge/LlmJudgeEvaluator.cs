using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.ExceptionServices;
using Microsoft.ML.Runtime;
using OpenAI;
using OpenAI.Chat;

namespace Microsoft.ML.SemanticContext.Evaluators.Judge;

/// <summary>
/// Grades story completions with an LLM judge over any OpenAI-compatible chat endpoint, following the
/// TinyStories two-turn protocol (<see cref="TinyStoriesRubric"/>). Requests are retried with backoff on
/// 429/5xx/timeouts, at most <see cref="LlmJudgeOptions.MaxConcurrency"/> judgments run at once, and finished
/// judgments go to an on-disk cache so a repeated or resumed run sends no request twice.
/// </summary>
public sealed class LlmJudgeEvaluator : IDisposable
{
    readonly LlmJudgeOptions options;
    readonly JudgeEndpoint endpoint;
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
        client = new ChatClient(options.Model, new ApiKeyCredential(endpoint.ApiKey), new OpenAIClientOptions
        {
            Endpoint = endpoint.Endpoint,
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
    /// Judges every sample. All samples run to completion even if one fails for good, so everything paid for is
    /// cached; then the first failure is thrown as an <see cref="LlmJudgeException"/>.
    /// </summary>
    public async Task<JudgeBatchResult> EvaluateAsync(IReadOnlyList<StorySample> samples, IProgress<JudgeResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var before = RequestsSent;
        var finished = 0;
        var tasks = samples.Select(async s =>
        {
            var result = await JudgeAsync(s, cancellationToken).ConfigureAwait(false);
            progress?.Report(result);
            host?.ReportProgress("judge", Interlocked.Increment(ref finished), samples.Count, result.FromCache ? "cached" : null);
            return result;
        }).ToList();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            // Task.WhenAll waited for every sample, so all finished judgments are cached; rethrow the first failure as it was.
            var failed = tasks.First(t => t.IsFaulted || t.IsCanceled);
            if (failed.Exception?.InnerException is { } first) ExceptionDispatchInfo.Throw(first);
            throw;
        }
        var batch = new JudgeBatchResult(tasks.Select(t => t.Result).ToList(), options.Model, TinyStoriesRubric.Version, RequestsSent - before);
        host?.Log($"LLM judge: {batch.Graded} graded, {batch.Unparseable} unparseable (kept, excluded from scores), {batch.FromCache} from cache, {batch.RequestsSent} requests.");
        return batch;
    }

    /// <summary>Judges one sample: from the cache when it holds the key, else the two-turn conversation.</summary>
    public async Task<JudgeResult> JudgeAsync(StorySample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var key = JudgeCache.KeyFor(sample.Prompt, sample.Completion, options.Model, TinyStoriesRubric.Version);
        if (cache is not null && cache.TryGet(key, out var hit)) return FromEntry(sample, hit);

        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A concurrent duplicate of this sample may have finished while this one waited for a slot.
            if (cache is not null && cache.TryGet(key, out hit)) return FromEntry(sample, hit);

            List<ChatMessage> conversation = [ChatMessage.CreateUserMessage(TinyStoriesRubric.AssessmentRequest(sample.Prompt, sample.Completion))];
            var assessment = await CompleteAsync(sample, conversation, cancellationToken).ConfigureAwait(false);
            conversation.Add(ChatMessage.CreateAssistantMessage(assessment));
            conversation.Add(ChatMessage.CreateUserMessage(TinyStoriesRubric.GradeRequest));
            var gradeReply = await CompleteAsync(sample, conversation, cancellationToken).ConfigureAwait(false);

            var grades = GradeParser.TryParse(gradeReply);
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

    async Task<string> CompleteAsync(StorySample sample, List<ChatMessage> conversation, CancellationToken cancellationToken)
    {
        var chatOptions = new ChatCompletionOptions { Temperature = LlmJudgeOptions.Defaults.Temperature, MaxOutputTokenCount = LlmJudgeOptions.Defaults.MaxOutputTokens };
        for (var attempt = 0; ; attempt++)
        {
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(options.RequestTimeout);
            string failure;
            int? status = null;
            TimeSpan? retryAfter = null;
            try
            {
                Interlocked.Increment(ref requestsSent);
                ClientResult<ChatCompletion> reply = await client.CompleteChatAsync(conversation, chatOptions, attemptTimeout.Token).ConfigureAwait(false);
                // An empty reply is still a reply: it is kept and graded as unparseable rather than retried forever.
                return string.Concat(reply.Value.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
            }
            catch (ClientResultException e) when (e.Status != 0 && !RetryBackoff.IsRetryableStatus(e.Status))
            {
                throw Fail(sample, $"was refused with HTTP {e.Status}: {e.Message}", e.Status);
            }
            catch (ClientResultException e)
            {
                status = e.Status == 0 ? null : e.Status;
                retryAfter = RetryBackoff.RetryAfter(e);
                failure = status is null ? $"failed without a response ({e.Message})" : $"got HTTP {status}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
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

            if (attempt >= options.MaxRetries)
                throw Fail(sample, $"{failure}; gave up after {attempt + 1} attempts", status);
            await delay(backoff.Delay(attempt, retryAfter), cancellationToken).ConfigureAwait(false);
        }
    }

    LlmJudgeException Fail(StorySample sample, string what, int? status) =>
        new(endpoint.Redact($"LLM judge request for sample '{sample.Id}' to {endpoint.Endpoint} (model '{options.Model}') {what}."), status);

    JudgeResult FromEntry(StorySample sample, JudgeCache.Entry e)
    {
        JudgeGrades? grades = e is { Outcome: nameof(JudgeOutcome.Graded), Grammar: { } g, Creativity: { } c, Consistency: { } k }
            ? new JudgeGrades(g, c, k, e.Plot)
            : null;
        return new JudgeResult(sample, grades is null ? JudgeOutcome.Unparseable : JudgeOutcome.Graded, grades,
            e.Assessment, e.GradeReply, e.JudgeModel, e.RubricVersion, FromCache: true);
    }

    static JudgeCache.Entry ToEntry(string key, JudgeResult r) => new(
        key, r.JudgeModel, r.RubricVersion, r.Outcome.ToString(),
        r.Grades?.Grammar, r.Grades?.Creativity, r.Grades?.Consistency, r.Grades?.Plot,
        r.Assessment, r.GradeReply, DateTimeOffset.UtcNow);

    public void Dispose()
    {
        cache?.Dispose();
        slots.Dispose();
    }
}
