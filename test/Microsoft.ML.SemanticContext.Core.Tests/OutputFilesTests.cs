using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Core.Tests;

public class OutputFilesTests
{
    [Fact]
    public void AnOutputThatIsAnInputUnderAnySpellingIsRefused()
    {
        var dir = TestPaths.TempDir();
        var corpus = Path.Combine(dir, "stories.txt");
        File.WriteAllText(corpus, "A story.");
        var link = Path.Combine(dir, "link.txt");
        File.CreateSymbolicLink(link, corpus);
        var sub = Directory.CreateDirectory(Path.Combine(dir, "sub")).FullName;
        foreach (var output in new[] { corpus, link, Path.Combine(sub, "..", "stories.txt") })
        {
            var e = Assert.Throws<InvalidOptionException>(() => OutputFiles.Claim([("--output", output)], [("corpus", corpus)]));
            Assert.Equal("--output", e.Option);
            Assert.Contains($"is also the corpus '{corpus}'", e.Message);
        }
        Assert.Equal("A story.", File.ReadAllText(corpus));
    }

    [Fact]
    public void TwoOutputsOfOneRunMustDifferAndNoneMayBeAFolder()
    {
        var dir = TestPaths.TempDir();
        var output = Path.Combine(dir, "a.jsonl");
        var twice = Assert.Throws<InvalidOptionException>(() => OutputFiles.Claim([("--output", output), ("--save-model", output)], []));
        Assert.Equal("--save-model '" + output + "' is also --output '" + output + "'; one would overwrite the other. Choose another file.", twice.Message);
        var folder = Assert.Throws<InvalidOptionException>(() => OutputFiles.Claim([("--output", dir)], []));
        Assert.Contains("is a folder", folder.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void ASecondClaimOfTheSameOutputFailsUntilTheFirstIsReleased()
    {
        var output = Path.Combine(TestPaths.TempDir(), "lm.zip");
        var first = OutputFiles.Claim([("--output", output)], []);
        var e = Assert.Throws<IOException>(() => OutputFiles.Claim([("-o", output)], []));
        Assert.Contains("another run is writing it", e.Message);
        first.Dispose();
        OutputFiles.Claim([("--output", output)], []).Dispose();
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(output)!));
    }

    [Fact]
    public void ADeviceIsTakenAsAnOutputWithoutALock()
    {
        Assert.True(OutputFiles.IsSpecialFile("/dev/null"));
        Assert.False(OutputFiles.IsSpecialFile(Path.Combine(TestPaths.TempDir(), "missing.txt")));
        using (OutputFiles.Claim([("--output", "/dev/null")], [])) { }
        using (OutputFiles.Claim([("--output", "/dev/null")], [])) { }
    }
}
