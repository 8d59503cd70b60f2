using Microsoft.ML.SemanticContext.Evaluators.Judge;
using Xunit;

namespace Microsoft.ML.SemanticContext.Evaluators.Tests.Judge;

/// <summary>
/// A judge that is down, slow, garbled, oversized or leaky: the batch stops early with what it has, nothing paid for is
/// paid again, and the key never reaches a result or the cache.
/// </summary>
public sealed class JudgeFaultTests : IDisposable
{
    readonly JudgeTestKit kit = new();

    public void Dispose() => kit.Dispose();

    [Fact]
    public async Task AServerThatAlwaysFailsStopsTheBatchAtTheConsecutiveFailureLimit()
    {
        await using var server = new LoopbackChatServer(_ => LoopbackReply.Error(500));
        using var judge = kit.Judge(server);
        var samples = JudgeTestKit.Samples(32);

        var batch = await judge.EvaluateAsync(samples);

        // Without the breaker: 32 samples × 7 attempts. With it: the limit, plus what was already in flight when it opened.
        Assert.InRange(server.RequestCount, LlmJudgeOptions.Defaults.MaxConsecutiveFailures, LlmJudgeOptions.Defaults.MaxConsecutiveFailures + LlmJudgeOptions.Defaults.MaxConcurrency);
        Assert.False(batch.IsComplete);
        Assert.Empty(batch.Results);
        Assert.Equal(samples, batch.Unjudged);
        Assert.Contains($"stopped: {LlmJudgeOptions.Defaults.MaxConsecutiveFailures} requests in a row failed", batch.StopReason);
        Assert.Contains("got HTTP 500", batch.StopReason);
    }

    [Fact]
    public async Task AHangingServerIsAbandonedWhenTheFirstTimeoutsReachTheLimit()
    {
        await using var server = new LoopbackChatServer(_ => LoopbackReply.Chat("late", delay: TimeSpan.FromSeconds(30)));
        using var judge = kit.Judge(server, o => { o.RequestTimeout = TimeSpan.FromMilliseconds(500); o.MaxConsecutiveFailures = 4; o.MaxConcurrency = 4; });

        var batch = await judge.EvaluateAsync(JudgeTestKit.Samples(16));

        // At most the limit plus what was in flight when it opened. No lower bound: on a loaded machine a request can
        // time out on the client before the server has even read it, and that still counts as a failure.
        Assert.InRange(server.RequestCount, 0, 8);
        Assert.Equal(16, batch.Unjudged.Count);
        Assert.Contains("timed out after 0.5 s", batch.StopReason);
    }

    [Fact]
    public async Task RateLimitsThatSayWhenToComeBackAreWaitedForAndDoNotOpenTheBreaker()
    {
        await using var server = new LoopbackChatServer(r => r.Index < 5
            ? LoopbackReply.Error(429, retryAfter: TimeSpan.FromSeconds(2))
            : LoopbackChatServer.TinyStoriesJudge(r));
        using var judge = kit.Judge(server, o => o.MaxConsecutiveFailures = 2);

        var batch = await judge.EvaluateAsync(JudgeTestKit.Samples(1));

        Assert.True(batch.IsComplete);
        Assert.Equal(1, batch.Graded);
        Assert.Equal(5, kit.RequestedDelays.Count(d => d >= TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task ARefusingServerDoesNotStopTheOthersWhileRepliesKeepComing()
    {
        // One sample in four is refused for good; the replies in between reset the count, so the batch runs to the end.
        var samples = JudgeTestKit.Samples(16);
        await using var server = new LoopbackChatServer(r => r.Messages[0].Content.Contains("number 3 ")
            ? LoopbackReply.Error(400)
            : LoopbackChatServer.TinyStoriesJudge(r));
        using var judge = kit.Judge(server, o => o.MaxConsecutiveFailures = 2);

        var batch = await judge.EvaluateAsync(samples);

        Assert.Equal(15, batch.Graded);
        Assert.Same(samples[3], Assert.Single(batch.Unjudged));
        Assert.Contains("refused with HTTP 400", batch.StopReason);
    }

    [Fact]
    public async Task TheTimeBudgetStopsTheBatchAndARerunPaysOnlyForWhatIsMissing()
    {
        var samples = JudgeTestKit.Samples(6);
        // Turn 1 is answered at once, turn 2 hangs: the budget runs out with assessments done and no grade.
        await using (var hanging = new LoopbackChatServer(r => r.Messages.Count >= 3
            ? LoopbackReply.Chat("late", delay: TimeSpan.FromSeconds(30))
            : LoopbackChatServer.TinyStoriesJudge(r)))
        using (var judge = kit.Judge(hanging, o => o.TimeBudget = TimeSpan.FromSeconds(1)))
        {
            var stopped = await judge.EvaluateAsync(samples);
            Assert.Equal(samples, stopped.Unjudged);
            Assert.Contains("time budget of 1 s was spent", stopped.StopReason);
        }

        // On a cold start (first HTTP request, JIT) the budget can end before every assessment is back: count what was cached.
        int assessed;
        using (var cache = new JudgeCache(kit.CachePath)) assessed = cache.Count;
        Assert.InRange(assessed, 1, samples.Count);

        await using var server = new LoopbackChatServer();
        using var fixedJudge = kit.Judge(server);
        var batch = await fixedJudge.EvaluateAsync(samples);

        Assert.True(batch.IsComplete);
        Assert.Null(batch.StopReason);
        Assert.Equal(6, batch.Graded);
        // Turn 2 for every sample, turn 1 only for those the first run had not assessed: nothing paid for is paid again.
        Assert.Equal(samples.Count + (samples.Count - assessed), server.RequestCount);
        Assert.All(batch.Results, r => Assert.Equal(JudgeTestKit.ExpectedGrades(r.Sample), r.Grades));
    }

    [Fact]
    public async Task UnreadableGradesAreAskedForAgainAndAreNotCachedAsFinal()
    {
        var sample = JudgeTestKit.Samples(1)[0];
        await using (var garbled = new LoopbackChatServer(r => r.Messages.Count >= 3
            ? LoopbackReply.Chat("Grammar: excellent!")
            : LoopbackChatServer.TinyStoriesJudge(r)))
        using (var judge = kit.Judge(garbled))
        {
            var result = await judge.JudgeAsync(sample);
            Assert.Equal(JudgeOutcome.Unparseable, result.Outcome);
            Assert.Equal(2 + LlmJudgeOptions.Defaults.MaxGradeRetries, garbled.RequestCount);
        }

        // The next run asks for the grades again (turn 2 only) and a reply after the reminder counts.
        var seen = new System.Collections.Concurrent.ConcurrentBag<LoopbackChatRequest>();
        await using var server = new LoopbackChatServer(r =>
        {
            seen.Add(r);
            return r.Messages.Count == 3 ? LoopbackReply.Chat("I liked it.") : LoopbackChatServer.TinyStoriesJudge(r);
        });
        using var again = kit.Judge(server);
        var graded = await again.JudgeAsync(sample);

        Assert.Equal(JudgeOutcome.Graded, graded.Outcome);
        Assert.Equal(JudgeTestKit.ExpectedGrades(sample), graded.Grades);
        Assert.Equal([3, 5], seen.Select(r => r.Messages.Count).Order());
        Assert.Equal(TinyStoriesRubric.FormatReminder, seen.Single(r => r.Messages.Count == 5).LastUserMessage);
    }

    [Fact]
    public async Task AReplyOverTheSizeLimitIsRefusedWithoutRetrying()
    {
        var samples = JudgeTestKit.Samples(3);
        await using var server = new LoopbackChatServer(r => r.Messages[0].Content.Contains("number 1 ")
            ? LoopbackReply.Chat(new string('x', 100_000))
            : LoopbackChatServer.TinyStoriesJudge(r));
        using var judge = kit.Judge(server);

        var batch = await judge.EvaluateAsync(samples);

        Assert.Equal(2, batch.Graded);
        Assert.Same(samples[1], Assert.Single(batch.Unjudged));
        Assert.Contains("more than the 65,536 accepted", batch.StopReason);
        Assert.Equal(5, server.RequestCount);
    }

    [Fact]
    public async Task AKeyEchoedInRepliesIsRedactedInResultsAndInTheCache()
    {
        await using var server = new LoopbackChatServer(r =>
        {
            var reply = LoopbackChatServer.TinyStoriesJudge(r);
            return reply with { Content = $"(you sent {r.Authorization}) {reply.Content}" };
        });
        using (var judge = kit.Judge(server))
        {
            var result = await judge.JudgeAsync(JudgeTestKit.Samples(1)[0]);
            Assert.Equal(JudgeOutcome.Graded, result.Outcome);
            Assert.Contains("(you sent Bearer [redacted])", result.Assessment);
            Assert.DoesNotContain(JudgeTestKit.SecretKey, result.Assessment + result.GradeReply);
        }
        Assert.DoesNotContain(JudgeTestKit.SecretKey, File.ReadAllText(kit.CachePath));
        Assert.Contains("[redacted]", File.ReadAllText(kit.CachePath));
    }
}
