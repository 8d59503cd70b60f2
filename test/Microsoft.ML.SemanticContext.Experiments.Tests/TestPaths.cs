namespace Microsoft.ML.SemanticContext.Experiments.Tests;

/// <summary>Repository root (the folder holding the .sln), shared data beside it, and scratch folders.</summary>
public static class TestPaths
{
    public static string Root { get; } = FindRoot();
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

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
        throw new DirectoryNotFoundException("Could not find the repository root above " + AppContext.BaseDirectory);
    }
}
