using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

// Swapping the process-wide backend must not overlap with other tests' products.
[CollectionDefinition(nameof(ComputeBackendTests), DisableParallelization = true)]
public sealed class ComputeBackendCollection;

[Collection(nameof(ComputeBackendTests))]
public class ComputeBackendTests
{
    [Fact]
    public void DenseLayersReachTheInstalledBackend()
    {
        var recording = new RecordingBackend();
        var saved = ComputeBackend.Current;
        try
        {
            ComputeBackend.Current = recording;
            Matmul.Forward(new float[2 * 3], TestData.Floats(1, 2 * 4), TestData.Floats(2, 3 * 4), [], 2, 4, 3);
        }
        finally
        {
            ComputeBackend.Current = saved;
        }
        Assert.Equal([(Transpose.No, Transpose.Yes, 2, 3, 4)], recording.Calls);
    }

    [Fact]
    public void CpuIsTheDefaultAndNullIsRejected()
    {
        Assert.StartsWith("cpu", ComputeBackend.Current.Name);
        Assert.Throws<ArgumentNullException>(() => ComputeBackend.Current = null!);
    }

    [Fact]
    public void ThreadCountBelowOneIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.MaxThreads = 0);
    }

    sealed class RecordingBackend : IComputeBackend
    {
        public List<(Transpose, Transpose, int, int, int)> Calls { get; } = [];

        public string Name => "recording";

        public void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
            ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        {
            Calls.Add((transA, transB, m, n, k));
            CpuBackend.Instance.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }
}
