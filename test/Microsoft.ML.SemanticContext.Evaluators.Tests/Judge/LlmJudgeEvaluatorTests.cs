using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Judge;

public sealed class LlmJudgeEvaluatorTests : IDisposable
{
    readonly JudgeTestKit kit = new();

    public void Dispose() => kit.Dispose();

    [Fact]
    public async Task GradesEverySampleWithTheTwoTurnProtocol()
    {
        var seen = new System.Collections.Concurrent.ConcurrentBag<LoopbackChatRequest>();
        await using var server = new LoopbackChatServer(r => { seen.Add(r); return LoopbackChatServer.TinyStoriesJudge(r); });
        using var judge = kit.Judge(server);
        var samples = JudgeTestKit.Samples(5);

        var batch = await judge.EvaluateAsync(samples);

        Assert.Equal(5, batch.Graded);
        Assert.Equal(0, batch.Unparseable);
        Assert.Equal(10, server.RequestCount); // two turns per judgment
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.Same(samples[i], batch.Results[i].Sample);
            Assert.Equal(JudgeTestKit.ExpectedGrades(samples[i]), batch.Results[i].Grades);
        }
        var gradeTurn = seen.First(r => r.Messages.Count == 3);
        Assert.Equal(["user", "assistant", "user"], gradeTurn.Messages.Select(m => m.Role));
        Assert.Contains("Once upon a time, a cat named Tom", gradeTurn.Messages[0].Content);
        Assert.Contains(" *** ", gradeTurn.Messages[0].Content);
        Assert.Equal(TinyStoriesRubric.GradeRequest, gradeTurn.Messages[2].Content);
        Assert.Equal("judge-test-model", gradeTurn.Model);
        Assert.Equal($"Bearer {JudgeTestKit.SecretKey}", gradeTurn.Authorization);
    }

    [Fact]
    public async Task RetriesA429AndWaitsAtLeastTheServersRetryAfter()
    {
        await using var server = new LoopbackChatServer(r => r.Index == 0
            ? LoopbackReply.Error(429, retryAfter: TimeSpan.FromSeconds(7))
            : LoopbackChatServer.TinyStoriesJudge(r));
        using var judge = kit.Judge(server);

        var result = await judge.JudgeAsync(JudgeTestKit.Samples(1)[0]);

        Assert.Equal(JudgeOutcome.Graded, result.Outcome);
        Assert.Equal(3, server.RequestCount);
        var wait = Assert.Single(kit.RequestedDelays);
        Assert.True(wait >= TimeSpan.FromSeconds(7), $"waited {wait} although the server asked for 7 s");
    }

    [Fact]
    public async Task RetriesServerErrorsWithGrowingBackoff()
    {
        await using var server = new LoopbackChatServer(r => r.Index < 3 ? LoopbackReply.Error(r.Index == 1 ? 502 : 500) : LoopbackChatServer.TinyStoriesJudge(r));
        using var judge = kit.Judge(server, o => { o.InitialBackoff = TimeSpan.FromSeconds(1); o.MaxBackoff = TimeSpan.FromSeconds(60); });

        var result = await judge.JudgeAsync(JudgeTestKit.Samples(1)[0]);

        Assert.Equal(JudgeOutcome.Graded, result.Outcome);
        Assert.Equal(5, server.RequestCount);
        // Backoff with jitter in [0.5, 1) of 1 s, 2 s, 4 s: each range is disjoint, so order and growth are checked.
        var waits = kit.RequestedDelays.OrderBy(w => w).Select(w => w.TotalSeconds).ToArray();
        Assert.Equal(3, waits.Length);
        Assert.InRange(waits[0], 0.5, 1.0);
        Assert.InRange(waits[1], 1.0, 2.0);
        Assert.InRange(waits[2], 2.0, 4.0);
    }

    [Fact]
    public async Task RetriesAReplyThatTakesLongerThanTheTimeout()
    {
        await using var server = new LoopbackChatServer(r => r.Index == 0
            ? LoopbackReply.Chat("too late", delay: TimeSpan.FromSeconds(20))
            : LoopbackChatServer.TinyStoriesJudge(r));
        using var judge = kit.Judge(server, o => o.RequestTimeout = TimeSpan.FromSeconds(1));

        var result = await judge.JudgeAsync(JudgeTestKit.Samples(1)[0]);

        // The slow first request was abandoned and retried: its "too late" text never became the assessment.
        Assert.Equal(JudgeOutcome.Graded, result.Outcome);
        Assert.NotEqual("too late", result.Assessment);
        Assert.True(server.RequestCount >= 3);
        Assert.NotEmpty(kit.RequestedDelays);
    }

    [Fact]
    public async Task KeepsUngradedRepliesAsUnparseableAndExcludesThemWithACount()
    {
        var samples = JudgeTestKit.Samples(4);
        await using var server = new LoopbackChatServer(r =>
            r.Messages.Count >= 3 && r.Messages[0].Content.Contains("number 2")
                ? LoopbackReply.Chat("What a lovely story! I would not change a thing.")
                : LoopbackChatServer.TinyStoriesJudge(r));
        using var judge = kit.Judge(server);

        var batch = await judge.EvaluateAsync(samples);

        Assert.Equal(3, batch.Graded);
        Assert.Equal(1, batch.Unparseable);
        Assert.Equal(6 + 1 + 1 + LlmJudgeOptions.Defaults.MaxGradeRetries, server.RequestCount); // asked for grades again, a bounded number of times
        var bad = batch.Results[2];
        Assert.Equal(JudgeOutcome.Unparseable, bad.Outcome);
        Assert.Null(bad.Grades);
        Assert.Equal("What a lovely story! I would not change a thing.", bad.GradeReply);
        Assert.False(string.IsNullOrEmpty(bad.Assessment));
    }

    [Fact]
    public async Task ACachedJudgmentIsNeverRequestedAgainAcrossEvaluators()
    {
        var samples = JudgeTestKit.Samples(6);
        await using var server = new LoopbackChatServer();
        JudgeBatchResult first;
        using (var judge = kit.Judge(server)) first = await judge.EvaluateAsync(samples);
        Assert.Equal(12, server.RequestCount);

        using var again = kit.Judge(server);
        var second = await again.EvaluateAsync(samples.Concat(JudgeTestKit.Samples(7).Skip(6)).ToList());

        Assert.Equal(14, server.RequestCount); // only the one new sample was sent
        Assert.Equal(6, second.FromCache);
        Assert.Equal(2, second.RequestsSent);
        Assert.Equal(first.Results.Select(r => r.Grades), second.Results.Take(6).Select(r => r.Grades));
        Assert.Equal(first.Results.Select(r => r.GradeReply), second.Results.Take(6).Select(r => r.GradeReply));
    }

    [Fact]
    public async Task TheCacheKeyCoversTheJudgeModel()
    {
        var samples = JudgeTestKit.Samples(2);
        await using var server = new LoopbackChatServer();
        using (var judge = kit.Judge(server)) await judge.EvaluateAsync(samples);
        using (var other = kit.Judge(server, o => o.Model = "another-judge")) await other.EvaluateAsync(samples);
        Assert.Equal(8, server.RequestCount);
        Assert.NotEqual(JudgeCache.KeyFor("ab", "c", "m", "v"), JudgeCache.KeyFor("a", "bc", "m", "v"));
    }

    [Fact]
    public async Task ATornLastLineFromAKilledRunIsSkippedAndNothingElseIsLost()
    {
        var samples = JudgeTestKit.Samples(3);
        await using var server = new LoopbackChatServer();
        using (var judge = kit.Judge(server)) await judge.EvaluateAsync(samples);
        File.AppendAllText(kit.CachePath, "{\"key\":\"abc\",\"judge_mo"); // what a kill mid-write leaves

        using (var resumed = kit.Judge(server))
        {
            var batch = await resumed.EvaluateAsync(JudgeTestKit.Samples(4));
            Assert.Equal(3, batch.FromCache);
            Assert.Equal(8, server.RequestCount);
        }
        using var cache = new JudgeCache(kit.CachePath);
        Assert.Equal(1, cache.SkippedLines);
        Assert.Equal(4, cache.Count);
    }

    [Fact]
    public async Task NeverRunsMoreJudgmentsAtOnceThanTheConcurrencyBound()
    {
        await using var server = new LoopbackChatServer(r => LoopbackChatServer.TinyStoriesJudge(r) with { Delay = TimeSpan.FromMilliseconds(60) });
        using var judge = kit.Judge(server, o => o.MaxConcurrency = 3, useCache: false);

        var batch = await judge.EvaluateAsync(JudgeTestKit.Samples(24));

        Assert.Equal(24, batch.Graded);
        Assert.InRange(server.MaxInFlight, 2, 3);
    }

    [Fact]
    public async Task AFailedSampleDoesNotLoseTheOthersAndTheBatchNamesIt()
    {
        var samples = JudgeTestKit.Samples(3);
        await using var server = new LoopbackChatServer(r => r.Messages[0].Content.Contains("number 1")
            ? LoopbackReply.Error(503)
            : LoopbackChatServer.TinyStoriesJudge(r));
        using (var judge = kit.Judge(server, o => o.MaxRetries = 2))
        {
            var batch = await judge.EvaluateAsync(samples);
            Assert.False(batch.IsComplete);
            Assert.Equal([samples[0], samples[2]], batch.Results.Select(r => r.Sample));
            Assert.Same(samples[1], Assert.Single(batch.Unjudged));
            Assert.Contains("'s1'", batch.StopReason);
            Assert.Contains("3 attempts", batch.StopReason);

            var error = await Assert.ThrowsAsync<LlmJudgeException>(() => judge.JudgeAsync(samples[1]));
            Assert.Equal(503, error.Status);
        }
        using var cache = new JudgeCache(kit.CachePath);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task TheKeyAppearsNeitherInTheCacheNorInErrorsEvenWhenTheServerEchoesIt()
    {
        await using var server = new LoopbackChatServer(r => r.Messages[0].Content.Contains("number 1")
            ? LoopbackReply.Error(401, body: $"{{\"error\":{{\"message\":\"Incorrect API key provided: {r.Authorization}\",\"type\":\"invalid_request_error\"}}}}")
            : LoopbackChatServer.TinyStoriesJudge(r));
        using (var judge = kit.Judge(server))
        {
            var samples = JudgeTestKit.Samples(3);
            await judge.JudgeAsync(samples[0]);
            var error = await Assert.ThrowsAsync<LlmJudgeException>(() => judge.JudgeAsync(samples[1]));
            Assert.Equal(401, error.Status);
            Assert.Contains("Incorrect API key provided", error.Message);
            Assert.DoesNotContain(JudgeTestKit.SecretKey, error.ToString());
            Assert.Null(error.InnerException);

            // In a batch, a refusal every request would get stops the judge at once, with the same redacted message.
            var batch = await judge.EvaluateAsync(samples.Take(2).ToList());
            Assert.Contains("stopped: ", batch.StopReason);
            Assert.Contains("Incorrect API key provided", batch.StopReason);
            Assert.DoesNotContain(JudgeTestKit.SecretKey, batch.StopReason);
        }
        Assert.Equal(4, server.RequestCount); // s0 graded (2 turns), s1 refused once alone and once in the batch: no retry on 401
        Assert.DoesNotContain(JudgeTestKit.SecretKey, File.ReadAllText(kit.CachePath));
        Assert.DoesNotContain("sk-test", File.ReadAllText(kit.CachePath));
    }

    [Fact]
    public void AMissingKeyIsAClearErrorNamingTheVariable()
    {
        var options = new LlmJudgeOptions();
        var error = Assert.Throws<InvalidInputException>(() => new LlmJudgeEvaluator(options, _ => null, (_, _) => Task.CompletedTask));
        Assert.Contains("OPENAI_API_KEY", error.Message);
        Assert.Contains("OPENAI_BASE_URL", error.Message);
    }

    [Fact]
    public async Task EndpointAndKeyComeFromTheEnvironmentWhenOptionsLeaveThemOut()
    {
        await using var server = new LoopbackChatServer();
        var environment = new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl.ToString(),
            ["OPENAI_API_KEY"] = JudgeTestKit.SecretKey,
        };
        using var judge = new LlmJudgeEvaluator(new LlmJudgeOptions(), v => environment.GetValueOrDefault(v), (_, _) => Task.CompletedTask);

        var result = await judge.JudgeAsync(JudgeTestKit.Samples(1)[0]);

        Assert.Equal(server.BaseUrl, judge.Endpoint);
        Assert.Equal("gpt-4o-mini", result.JudgeModel);
        Assert.Equal(JudgeOutcome.Graded, result.Outcome);
    }

    [Fact]
    public void AnEndpointThatIsNotAnHttpUrlIsRejectedWithItsSource()
    {
        var error = Assert.Throws<InvalidInputException>(() => new LlmJudgeEvaluator(new LlmJudgeOptions(),
            v => v == "OPENAI_BASE_URL" ? "localhost:8080" : "key", (_, _) => Task.CompletedTask));
        Assert.Contains("OPENAI_BASE_URL", error.Message);
        Assert.Contains("localhost:8080", error.Message);
    }
}
