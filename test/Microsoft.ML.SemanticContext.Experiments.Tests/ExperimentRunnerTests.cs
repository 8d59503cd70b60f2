using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Evaluators.Reporting;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Experiments.Running;
using Microsoft.ML.SemanticContext.Tokenizers;
using Microsoft.ML.SemanticContext.Trainers;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

public class ExperimentRunnerTests
{
    [Fact]
    public async Task RunsEveryStageWritesTheReportAndResumesWithoutRedoingWork()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "exp");
        var options = TinyExperiment.Options(dir);
        var (first, log) = await TinyExperiment.RunAsync(options);

        Assert.Equal(["vanilla", "sct-s2-k5-prepend"], first.Models.Select(m => m.Name));
        foreach (var file in new[] { "report.md", "report.html", "results.jsonl" })
            Assert.True(new FileInfo(Path.Combine(dir, file)).Length > 200, file);
        // Every model completes the same prompts with the same sampling seeds.
        var seeds = first.Models.Select(m => m.Completions.Select(c => (c.PromptIndex, c.SampleIndex, c.Seed)).ToList()).ToList();
        Assert.Equal(3 * 2, seeds[0].Count);
        Assert.Equal(seeds[0], seeds[1]);
        // Plan tokens: the cluster model was prompted with them and the vanilla model never sees one.
        Assert.Contains(first.Models[1].Completions, c => c.Prompt.Contains("<cluster_"));
        Assert.DoesNotContain(first.Models[0].Completions, c => c.Prompt.Contains("<cluster_"));
        Assert.All(first.Evaluation.Samples.Values.SelectMany(s => s), s => Assert.DoesNotContain("<cluster_", s.Completion + s.Prompt));
        Assert.Contains(log, l => l.Contains("built-in synthetic corpus"));
        Assert.All(first.Models, m => Assert.InRange(m.Perplexity[0].Perplexity, 1.0, 5000.0));
        // One denominator for every model: the plain-text tokens of the held-out stories. The cluster model pays for its plans.
        Assert.Equal([PlanCharge.None], first.Models[0].Perplexity.Select(p => p.Charge));
        Assert.Equal([PlanCharge.BestPlan, PlanCharge.GreedyPlan, PlanCharge.OraclePlan], first.Models[1].Perplexity.Select(p => p.Charge));
        Assert.All(first.Models[1].Perplexity, p => Assert.Equal(first.Models[0].Perplexity[0].PlainTokens, p.PlainTokens));
        Assert.True(first.Models[1].Perplexity[0].PlanTokens > 0, "the cluster model is charged for its plan tokens");
        // Comparisons are paired by prompt: 3 prompts, the paper's Welch over 3 × 2 completions per model beside it.
        Assert.All(first.Evaluation.Comparisons, c => Assert.Equal(3, c.Test.Prompts));
        // Plan adherence: the cluster model's own chunks against its annotator, counted over every completion.
        var adherence = Assert.Single(first.Evaluation.PlanAdherence);
        Assert.Equal("sct-s2-k5-prepend", adherence.Model);
        Assert.Equal(first.Models[1].Completions.Sum(c => PlanTokens.WrittenChunks(c.Generated, Placement.Prepend).Count), adherence.Chunks);
        Assert.Contains("## Plan adherence", File.ReadAllText(Path.Combine(dir, "report.md")));

        // Each model was trained by the causal-LM estimator, which logs through the context, labelled with the model.
        Assert.Contains(log, l => l.StartsWith("vanilla: causal LM: ") && l.Contains("(0 plan tokens)"));
        Assert.Contains(log, l => l.StartsWith("sct-s2-k5-prepend: causal LM: ") && l.Contains("(5 plan tokens)"));
        // The saved model is a pipeline archive that sctok generate and sctok perplexity open.
        var saved = CausalLmTransformer.LoadFrom(new MLContext(), Path.Combine(dir, "models", "vanilla", "model.zip"));
        var heldOut = new MLContext().Data.LoadCorpus(Path.Combine(dir, "corpus", "heldout.txt"));
        Assert.Equal(first.Models[0].Perplexity, saved.Perplexity(heldOut, Data.ColumnNames.Text));
        var savedCluster = CausalLmTransformer.LoadFrom(new MLContext(), Path.Combine(dir, "models", "sct-s2-k5-prepend", "model.zip"));
        var annotatedHeldOut = new MLContext().Data.LoadCorpus(Path.Combine(dir, "annotated", "s2-k5-prepend", "heldout.txt"));
        Assert.Equal(first.Models[1].Perplexity, savedCluster.Perplexity(annotatedHeldOut, Data.ColumnNames.Text));

        var markers = Directory.GetFiles(Path.Combine(dir, "stages")).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        var (second, secondLog) = await TinyExperiment.RunAsync(options);
        Assert.DoesNotContain(secondLog, l => l.Contains("causal LM: "));
        Assert.Equal(markers, Directory.GetFiles(Path.Combine(dir, "stages")).ToDictionary(f => f, File.GetLastWriteTimeUtc));
        Assert.Equal(first.Models.Select(m => m.Perplexity), second.Models.Select(m => m.Perplexity));
        Assert.Equal(first.Models[1].Completions.Select(c => c.Generated), second.Models[1].Completions.Select(c => c.Generated));
    }

    [Fact]
    public async Task AFolderFromAnotherConfigurationIsRefusedAndNamesTheDifference()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "exp");
        Directory.CreateDirectory(dir);
        new ExperimentDirectory(dir).Open(TinyExperiment.Options(dir).Fingerprint());
        var other = TinyExperiment.Options(dir) with { CompletionsPerPrompt = 5 };
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => TinyExperiment.RunAsync(other));
        Assert.Contains("completionsPerPrompt: was 2, now 5", e.Message);
    }

    [Fact]
    public async Task JudgeAskedForWithoutAKeyFailsBeforeTrainingAndNamesTheVariable()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENAI_API_KEY"))) return; // a configured machine has a key
        var dir = Path.Combine(TestPaths.TempDir(), "exp");
        var e = await Assert.ThrowsAsync<InvalidInputException>(() => TinyExperiment.RunAsync(TinyExperiment.Options(dir) with { Judge = true }));
        Assert.Contains("OPENAI_API_KEY", e.Message);
        Assert.False(Directory.Exists(Path.Combine(dir, "models")));
    }

    [Fact]
    public async Task JudgeGradesEverySampleThroughAnOpenAICompatibleEndpointAndTheKeyStaysSecret()
    {
        await using var server = new LoopbackChatServer(LoopbackChatServer.TinyStoriesJudge);
        var dir = Path.Combine(TestPaths.TempDir(), "exp");
        const string key = "sk-test-secret-key-123";
        var options = TinyExperiment.Options(dir) with { Judge = true, JudgeEndpoint = server.BaseUrl, JudgeApiKey = key };
        var (summary, _) = await TinyExperiment.RunAsync(options);

        var batch = summary.Evaluation.Judge!;
        Assert.Equal(2 * 3 * 2, batch.Results.Count);
        Assert.Equal(batch.Results.Count, batch.Graded);
        Assert.Equal(["sct-s2-k5-prepend", "vanilla"], summary.Evaluation.Scores.Select(s => s.Model).Order());
        Assert.Contains(summary.Evaluation.Comparisons, c => c.Criterion == "overall" && c.Candidate == "sct-s2-k5-prepend");
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".safetensors") && !f.EndsWith(".zip")))
            Assert.DoesNotContain(key, File.ReadAllText(file));

        // A rerun is answered from the judge's cache: no new request reaches the server.
        int requests = server.RequestCount;
        var (again, _) = await TinyExperiment.RunAsync(options);
        Assert.Equal(requests, server.RequestCount);
        Assert.Equal(again.Evaluation.Judge!.Results.Count, again.Evaluation.Judge.FromCache);
    }

    [Fact]
    public async Task ADeadJudgeStillGivesTheReportMarkedIncompleteAndARerunFillsInOnlyWhatIsMissing()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "exp");
        ExperimentOptions Judged(LoopbackChatServer server) =>
            TinyExperiment.Options(dir) with { Judge = true, JudgeEndpoint = server.BaseUrl, JudgeApiKey = "sk-test-key" };
        await using (var dead = new LoopbackChatServer(_ => LoopbackReply.Error(500)))
        {
            var (stopped, _) = await TinyExperiment.RunAsync(Judged(dead));
            var batch = stopped.Evaluation.Judge!;
            Assert.Equal(2 * 3 * 2, batch.Unjudged.Count);
            Assert.InRange(dead.RequestCount, 1, 16);
            Assert.All(stopped.Evaluation.Comparisons, c => Assert.Equal(ExperimentEvaluation.ProxyCriterion, c.Criterion));
            var report = File.ReadAllText(Path.Combine(dir, "report.md"));
            Assert.Contains("**Incomplete: 12 sample(s) were not judged. The LLM judge at 127.0.0.1 (model 'gpt-4o-mini') stopped: 8 requests in a row failed", report);
            Assert.Contains("\"unjudged\":12,\"stop_reason\":", File.ReadAllText(Path.Combine(dir, "results.jsonl")));
        }

        await using (var healthy = new LoopbackChatServer())
        {
            var (filled, _) = await TinyExperiment.RunAsync(Judged(healthy));
            Assert.True(filled.Evaluation.Judge!.IsComplete);
            Assert.Equal(12, filled.Evaluation.Judge.Graded);
            Assert.Equal(2 * 12, healthy.RequestCount);
            Assert.Contains(filled.Evaluation.Comparisons, c => c.Criterion == "overall");
            Assert.DoesNotContain("Incomplete", File.ReadAllText(Path.Combine(dir, "report.md")));
        }

        // Without --judge, on the same folder, even one whose experiment.json an older version wrote with the judge in it.
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "experiment.json")))!.AsObject();
        config["judge"] = "default";
        File.WriteAllText(Path.Combine(dir, "experiment.json"), config.ToJsonString());
        var (offline, _) = await TinyExperiment.RunAsync(TinyExperiment.Options(dir));
        Assert.Null(offline.Evaluation.Judge);
    }

    [Fact]
    public void OfficialPromptFileHas44Prompts()
    {
        var prompts = Protocol.PromptSet.Load(Path.Combine(TestPaths.SharedData, "eval", "TinyStories_Evaluation_prompts.yaml"));
        Assert.Equal(44, prompts.Count);
        Assert.StartsWith("Once upon a time, there lived a bunny in a field.", prompts[0]);
        Assert.EndsWith("She was so weak she could", prompts[0]);
        Assert.Contains(prompts, p => p.Contains("\n\n")); // paragraph breaks inside a block scalar are kept
    }

    [Fact]
    public void CutPromptsEndMidSentence()
    {
        var stories = Enumerable.Range(0, 30).Select(i => $"Tom had a dog number {i}. The dog liked to run in the park every day. One day it found a big red ball near the tree. Tom was happy.").ToList();
        var prompts = Protocol.PromptSet.CutFromStories(stories, 20, seed: 1);
        Assert.Equal(20, prompts.Count);
        Assert.All(prompts, p => Assert.DoesNotMatch(@"[.!?""]$", p));
        Assert.Equal(prompts, Protocol.PromptSet.CutFromStories(stories, 20, seed: 1));
    }

    [Fact]
    public void CutPromptsAreDrawnOnlyFromCutsThatFit()
    {
        var stories = Enumerable.Range(0, 30).Select(i => $"Tom had a dog number {i}. The dog liked to run in the park every day. One day it found a big red ball near the tree. Tom was happy.").ToList();
        var prompts = Protocol.PromptSet.CutFromStories(stories, 20, seed: 1, fits: p => p.Length <= 60);
        Assert.Equal(20, prompts.Count);
        Assert.All(prompts, p => Assert.True(p.Length <= 60, p));
        Assert.Empty(Protocol.PromptSet.CutFromStories(stories, 20, seed: 1, fits: _ => false));
        var early = Protocol.PromptSet.CutFromStories(stories, 20, seed: 1, fits: p => p.Length <= 30);
        Assert.All(early, p => Assert.Equal("Tom had a dog number", p[..20]));
        Assert.All(early, p => Assert.True(p.Length is > 20 and <= 30, p));
    }

    [Fact]
    public async Task PromptsCutFromLongStoriesLeaveRoomForTheCompletionInTheContext()
    {
        // Stories of about 1,000 words: a cut at 30 % to 60 % holds far more tokens than the cpu preset's 256 positions.
        var dir = TestPaths.TempDir();
        var parts = StorySynthesizer.Generate(160 * 12, seed: 2).Select(s => s.Text).ToList();
        var corpus = Path.Combine(dir, "long.txt");
        File.WriteAllText(corpus, string.Join("\n<|endoftext|>\n", parts.Chunk(12).Select(c => string.Join(" ", c))));
        var options = TinyExperiment.Options(Path.Combine(dir, "out")) with { CorpusPath = corpus, MaxNewTokens = 100, MaxSteps = 1, CompletionsPerPrompt = 1 };
        var (summary, _) = await TinyExperiment.RunAsync(options);

        var tokenizer = ByteLevelBpeTokenizer.Load(Path.Combine(summary.Directory, "tokenizer"));
        var prompts = JsonSerializer.Deserialize<List<string>>(File.ReadAllText(Path.Combine(summary.Directory, "prompts.json")))!;
        Assert.Equal(3, prompts.Count);
        Assert.All(prompts, p => Assert.True(tokenizer.Encode(p).Length + 100 <= 256, $"{tokenizer.Encode(p).Length} tokens: {p}"));
        Assert.Equal(2, summary.Models.Count);  // both models completed every prompt
    }

    [Fact]
    public async Task EveryOptionIsCheckedBeforeAnyStageRuns()
    {
        var dir = Path.Combine(TestPaths.TempDir(), "out");
        foreach (var (options, option) in new (ExperimentOptions, string)[]
        {
            (TinyExperiment.Options(dir) with { MaxNewTokens = 256 }, nameof(ExperimentOptions.MaxNewTokens)),
            (TinyExperiment.Options(dir) with { CompletionsPerPrompt = 0 }, nameof(ExperimentOptions.CompletionsPerPrompt)),
            (TinyExperiment.Options(dir) with { TopP = 0 }, nameof(SamplingOptions.TopP)),
            (TinyExperiment.Options(dir) with { Preset = "huge" }, nameof(ExperimentOptions.Preset)),
        })
        {
            var e = await Assert.ThrowsAsync<InvalidOptionException>(() => TinyExperiment.RunAsync(options));
            Assert.Equal(option, e.Option);
            Assert.False(Directory.Exists(dir));
        }
    }
}
