namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>Locates the repository (the folder with the .sln) from the test assembly, and the committed GPT-Neo fixture.</summary>
static class TestPaths
{
    public static string Root => Testing.TestPaths.Root;
    public static string GptNeoFixture => Path.Combine(Root, "build", "fixtures", "gptneo");
    public static string TinyCheckpoint => Path.Combine(GptNeoFixture, "tiny");

    /// <summary>A fresh empty folder under the system temp directory, deleted when disposed.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sctok-tests-" + Guid.NewGuid().ToString("N"));
        public TempFolder() => Directory.CreateDirectory(Path);
        public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
    }
}
