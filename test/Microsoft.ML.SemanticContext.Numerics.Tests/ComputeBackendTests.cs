using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

public class ComputeBackendTests
{
    [Fact]
    public void DenseLayersReachTheBackendOfTheCurrentScope()
    {
        var recording = new RecordingBackend();
        using (new ComputeSettings(recording, 2).Enter())
            Matmul.Forward(new float[2 * 3], TestData.Floats(1, 2 * 4), TestData.Floats(2, 3 * 4), [], 2, 4, 3);
        Assert.Equal([(Transpose.No, Transpose.Yes, 2, 3, 4)], recording.Calls);
        // Outside the scope the product runs on the default backend again.
        Matmul.Forward(new float[2 * 3], TestData.Floats(1, 2 * 4), TestData.Floats(2, 3 * 4), [], 2, 4, 3);
        Assert.Single(recording.Calls);
    }

    [Fact]
    public async Task ScopesAreIndependentAcrossConcurrentCallsAndNest()
    {
        var settingsA = new ComputeSettings(CpuBackend.Instance, 1);
        var settingsB = new ComputeSettings(CpuBackend.Instance, 3);
        using var gate = new Barrier(2);
        int SeenIn(ComputeSettings settings)
        {
            using (settings.Enter())
            {
                gate.SignalAndWait(); // both scopes are open at once
                return Parallelism.MaxThreads;
            }
        }
        var a = Task.Run(() => SeenIn(settingsA));
        var b = Task.Run(() => SeenIn(settingsB));
        int[] seen = await Task.WhenAll(a, b);
        Assert.Equal(new[] { 1, 3 }, seen);

        using (settingsB.Enter())
        {
            using (settingsA.Enter()) Assert.Equal(1, Parallelism.MaxThreads);
            Assert.Equal(3, Parallelism.MaxThreads);
        }
        Assert.Same(ComputeSettings.Default, ComputeSettings.Current);
    }

    [Fact]
    public void CpuIsTheDefaultAndBadSettingsAreRejected()
    {
        Assert.StartsWith("cpu", ComputeSettings.Default.Backend.Name);
        Assert.Equal(Environment.ProcessorCount, ComputeSettings.Default.Threads);
        Assert.Throws<ArgumentNullException>(() => new ComputeSettings(null!, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComputeSettings(CpuBackend.Instance, 0));
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
