using Microsoft.ML.SemanticContext.Corpus.Synthetic;

namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>
/// <c>sctok</c> checks what it will write before any work, each case in its own process: an output that is an input
/// or another output, or a folder, is refused with exit 2 and nothing written; a symbolic link is written through.
/// </summary>
public class OutputCheckTests
{
    static SampleProcess.Result Sctok(params string[] args) => SampleProcess.Run("sctok.dll", args, TimeSpan.FromMinutes(3));

    static readonly string[] Tiny = ["--preset", "32:2:2", "--vocab-size", "300", "--seq-len", "32", "--max-steps", "1", "--threads", "1"];

    static string Corpus(string dir)
    {
        var path = Path.Combine(dir, "stories.txt");
        StorySynthesizer.WriteCorpus(path, stories: 30, seed: 5);
        return path;
    }

    [Fact]
    public void TrainingIntoItsOwnCorpusIsRefusedAndTheCorpusKept()
    {
        var dir = TestPaths.TempDir();
        var corpus = Corpus(dir);
        var before = File.ReadAllBytes(corpus);
        var link = Path.Combine(dir, "link.txt");
        File.CreateSymbolicLink(link, corpus);
        foreach (var output in new[] { corpus, link })
        {
            var result = Sctok(["train", corpus, "-o", output, .. Tiny]);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"error: --output '{output}' is also the training corpus '{corpus}'", result.Stderr);
            Assert.DoesNotContain("info: causal LM", result.Stderr);
        }
        Assert.Equal(before, File.ReadAllBytes(corpus));
    }

    [Fact]
    public void AnnotationsAndTheModelIntoOneFileAreRefusedBeforeFitting()
    {
        var dir = TestPaths.TempDir();
        var corpus = Corpus(dir);
        var output = Path.Combine(dir, "a.txt");
        var result = Sctok("annotate", corpus, "-o", output, "--save-model", output, "--k", "3");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: --save-model '{output}' is also --output '{output}'", result.Stderr);
        Assert.DoesNotContain("pipeline: fitting", result.Stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void AFolderAsTheOutputIsRefusedBeforeTraining()
    {
        var dir = TestPaths.TempDir();
        var corpus = Corpus(dir);
        var result = Sctok(["train", corpus, "-o", dir, .. Tiny]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: --output '{dir}' is a folder; name a file to write.", result.Stderr);
        Assert.DoesNotContain("info: causal LM", result.Stderr);
    }

    [Fact]
    public void AModelWrittenThroughASymbolicLinkLandsInItsTargetAndTheLinkStays()
    {
        var dir = TestPaths.TempDir();
        var corpus = Corpus(dir);
        var link = Path.Combine(dir, "latest.zip");
        File.CreateSymbolicLink(link, "run1.zip");
        var result = Sctok(["train", corpus, "-o", link, .. Tiny]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("run1.zip", new FileInfo(link).LinkTarget);
        Assert.True(new FileInfo(Path.Combine(dir, "run1.zip")).Length > 0);
        var generate = Sctok("generate", "--model", link, "--prompt", "Once", "--max-tokens", "3");
        Assert.True(generate.ExitCode == 0, generate.Stderr);
    }
}
