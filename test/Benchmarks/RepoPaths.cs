namespace Microsoft.ML.SemanticContext.Benchmarks;

/// <summary>Finds the repository root (the folder holding the .sln) and the shared data beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Microsoft.ML.SemanticContext.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
