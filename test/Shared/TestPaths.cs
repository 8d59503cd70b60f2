namespace Microsoft.ML.SemanticContext.Testing;

/// <summary>
/// The repository root (the folder holding the .sln, found by walking up from the running assembly), the real
/// data beside it (../shared/data), and scratch folders. One file, linked into every test project and the benchmarks.
/// </summary>
internal static class TestPaths
{
    public static string Root { get; } = FindRoot();

    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    /// <summary>A new empty folder under the system temp directory.</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sctok-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Microsoft.ML.SemanticContext.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No Microsoft.ML.SemanticContext.sln above {AppContext.BaseDirectory}.");
    }
}
