namespace Microsoft.ML.SemanticContext.Benchmarks;

/// <summary>The repository root and the shared data beside it, as the tests find them (test/Shared/TestPaths.cs).</summary>
public static class RepoPaths
{
    public static string Root => Testing.TestPaths.Root;
    public static string SharedData => Testing.TestPaths.SharedData;
}
