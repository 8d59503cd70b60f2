namespace Microsoft.ML.SemanticContext.Benchmarks;

/// <summary>
/// One side-by-side benchmark: it times our implementation and its named peer in the same run and
/// prints their ratio. Run with `dotnet run -c Release --project test/Benchmarks -- NAME [args]`.
/// </summary>
public interface IBenchmark
{
    /// <summary>Command-line name, e.g. "sgemm".</summary>
    string Name { get; }

    /// <summary>One line for the listing.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    int Run(string[] args);
}
