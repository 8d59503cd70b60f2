using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>The logic behind sctok train / generate / perplexity, end to end on a small corpus file.</summary>
public class CommandRunTests
{
    static string WriteCorpus(string folder)
    {
        var stories = Enumerable.Range(0, 30).Select(i =>
            $"<cluster_{i % 3}> Once upon a time, there was a dog number {i}. <cluster_{(i + 1) % 3}> The dog ran home and was happy.");
        string path = Path.Combine(folder, "corpus.txt");
        File.WriteAllText(path, string.Join("\n<|endoftext|>\n", stories));
        return path;
    }

    static TrainRun Train(string folder, string corpus, bool resume = false) => new()
    {
        Corpus = corpus,
        Output = Path.Combine(folder, "lm.zip"),
        Preset = "16:2:2",
        VocabularySize = 300,
        BatchSize = 2,
        SequenceLength = 16,
        MaxSteps = 4,
        LearningRate = 3e-3f,
        Threads = 1,
        Resume = resume,
    };

    [Fact]
    public void TrainWritesAZipThatGenerateAndPerplexityRead()
    {
        using var folder = new TestPaths.TempFolder();
        string corpus = WriteCorpus(folder.Path);
        var log = new List<string>();
        var trained = Train(folder.Path, corpus).Execute(log.Add);
        Assert.True(File.Exists(Path.Combine(folder.Path, "lm.zip")));
        Assert.Contains(log, l => l.Contains("3 cluster tokens"));
        Assert.Equal(4, trained.Training!.Steps);

        var outputs = new GenerateRun { Model = Path.Combine(folder.Path, "lm.zip"), Prompt = "Once", Count = 3, Sampling = new SamplingOptions { MaxNewTokens = 5 } }.Execute(log.Add);
        Assert.Equal(3, outputs.Count);
        Assert.All(outputs, o => Assert.StartsWith("Once", o.Text));

        var perplexity = new PerplexityRun { Model = Path.Combine(folder.Path, "lm.zip"), Corpus = corpus }.Execute(log.Add);
        Assert.Equal(30 * 2, perplexity.ExcludedTokens);
        Assert.True(perplexity.Perplexity is > 1 and < 300, perplexity.ToString());
    }

    [Fact]
    public void ResumeAfterACompletedRunContinuesFromItsCheckpoint()
    {
        using var folder = new TestPaths.TempFolder();
        string corpus = WriteCorpus(folder.Path);
        Train(folder.Path, corpus).Execute(_ => { });
        Assert.True(File.Exists(Path.Combine(folder.Path, "lm.zip.checkpoints", TrainingCheckpoint.FileName)));
        var again = Train(folder.Path, corpus, resume: true).Execute(_ => { });
        Assert.Empty(again.Training!.Losses);  // all 4 steps were already done
    }

    [Fact]
    public void AnEmptyCorpusIsReported()
    {
        using var folder = new TestPaths.TempFolder();
        string corpus = Path.Combine(folder.Path, "empty.txt");
        File.WriteAllText(corpus, "\n<|endoftext|>\n\n");
        var e = Assert.Throws<InvalidDataException>(() => Train(folder.Path, corpus).Execute(_ => { }));
        Assert.Contains("no stories", e.Message);
    }
}
