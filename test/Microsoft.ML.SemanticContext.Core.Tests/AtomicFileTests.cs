using System.Diagnostics;
using Microsoft.ML.SemanticContext.Storage;

namespace Microsoft.ML.SemanticContext.Core.Tests;

public class AtomicFileTests
{
    [Fact]
    public void FailureKeepsThePreviousFileAndLeavesNoTemporary()
    {
        var dir = TestPaths.TempDir();
        var path = Path.Combine(dir, "out.txt");
        File.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.WriteByte((byte)'x');
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void MissingFolderIsNamed()
    {
        var path = Path.Combine(TestPaths.TempDir(), "no-such-dir", "out.txt");
        var e = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllText(path, "x"));
        Assert.Contains("no-such-dir", e.Message);
    }

    [Fact]
    public void WritingThroughASymbolicLinkReplacesItsTargetAndKeepsTheLink()
    {
        var dir = TestPaths.TempDir();
        var target = Path.Combine(dir, "target.txt");
        File.WriteAllText(target, "old");
        var link = Path.Combine(dir, "link.txt");
        File.CreateSymbolicLink(link, "target.txt");
        AtomicFile.WriteAllText(link, "new");
        Assert.Equal("target.txt", new FileInfo(link).LinkTarget);
        Assert.Equal("new", File.ReadAllText(target));
    }

    [Fact]
    public void AFifoIsWrittenInPlaceNotReplaced()
    {
        var dir = TestPaths.TempDir();
        var fifo = Path.Combine(dir, "pipe");
        Run("mkfifo", fifo).WaitForExit();
        var copy = Path.Combine(dir, "copy.txt");
        // cat drains the FIFO into a file; it ends when the writer closes the FIFO, which only happens when it is written in place.
        using var reader = Run("sh", "-c", $"cat '{fifo}' > '{copy}'");
        try
        {
            AtomicFile.WriteAllText(fifo, "through the pipe");
            Assert.True(OutputFiles.IsSpecialFile(fifo), "the FIFO was replaced by a regular file");
            Assert.True(reader.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Equal("through the pipe", File.ReadAllText(copy));
        }
        finally
        {
            if (!reader.HasExited) reader.Kill();
        }
    }

    static Process Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file);
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    [Fact]
    public void TemporariesAKilledWriterLeftAreRemovedAtTheNextWriteOfTheSameFile()
    {
        var dir = TestPaths.TempDir();
        var stale = Path.Combine(dir, ".out.txt.2147483646.0123456789abcdef0123456789abcdef.tmp");
        var live = Path.Combine(dir, $".out.txt.{Environment.ProcessId}.0123456789abcdef0123456789abcdef.tmp");
        var otherFile = Path.Combine(dir, ".other.txt.2147483646.0123456789abcdef0123456789abcdef.tmp");
        foreach (var f in new[] { stale, live, otherFile }) File.WriteAllText(f, "partial");
        AtomicFile.WriteAllText(Path.Combine(dir, "out.txt"), "done");
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live), "a live writer's temporary was removed");
        Assert.True(File.Exists(otherFile), "another file's temporary was removed");
    }
}
