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
}
