namespace Microsoft.ML.SemanticContext.Benchmarks.Transforms;

/// <summary>Log lines of a benchmarked pipeline, stamped with the seconds since the clock started.</summary>
static class BenchmarkLog
{
    public static void WithTimes(MLContext ml, System.Diagnostics.Stopwatch clock) =>
        ml.LogInfoTo(line => Console.WriteLine($"  [{clock.Elapsed.TotalSeconds,6:F2} s] {line}"));

    /// <summary>Computes every column of <paramref name="view"/> now and keeps it in memory (ML.NET's cache, all columns prefetched).</summary>
    public static IDataView Materialize(MLContext ml, IDataView view) =>
        ml.Data.Cache(view, view.Schema.Where(c => !c.IsHidden).Select(c => c.Name).ToArray());
}
