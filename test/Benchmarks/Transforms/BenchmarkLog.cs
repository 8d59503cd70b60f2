namespace Microsoft.ML.SemanticContext.Benchmarks.Transforms;

/// <summary>Log lines of a benchmarked pipeline, stamped with the seconds since the clock started.</summary>
static class BenchmarkLog
{
    public static void WithTimes(MLContext ml, System.Diagnostics.Stopwatch clock) =>
        ml.Log += line => Console.WriteLine($"  [{clock.Elapsed.TotalSeconds,6:F2} s] {line}");
}
