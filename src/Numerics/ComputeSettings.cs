namespace Microsoft.ML.SemanticContext.Numerics;

/// <summary>
/// The backend and thread budget the kernels use. A context owns its settings (an ML.NET <c>MLContext</c> carries them
/// as <c>ml.ComputeThreads</c> / <c>ml.ComputeBackend</c>), and each component enters them around its numeric work
/// (fitting, transforming, training, generating) with <see cref="Enter"/>. The scope flows with the logical call
/// (an <see cref="AsyncLocal{T}"/>, inherited by the kernels' worker threads), so two contexts with different settings
/// run side by side in one process. Outside every scope the kernels use <see cref="Default"/>: CPU, all cores.
/// </summary>
public sealed record ComputeSettings
{
    static readonly AsyncLocal<ComputeSettings?> CurrentScope = new();

    public ComputeSettings(IComputeBackend backend, int threads)
    {
        ArgumentNullException.ThrowIfNull(backend);
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "The thread count must be at least 1.");
        Backend = backend;
        Threads = threads;
    }

    /// <summary>Where matrix products run.</summary>
    public IComputeBackend Backend { get; }

    /// <summary>Upper bound on the threads a kernel (or a component's parallel loop) uses at once.</summary>
    public int Threads { get; }

    /// <summary>The CPU backend on every core.</summary>
    public static ComputeSettings Default { get; } = new(CpuBackend.Instance, Environment.ProcessorCount);

    /// <summary>The settings of the innermost <see cref="Enter"/> scope on this logical call, else <see cref="Default"/>.</summary>
    public static ComputeSettings Current => CurrentScope.Value ?? Default;

    /// <summary>Makes these settings current until the returned scope is disposed (scopes nest).</summary>
    public IDisposable Enter()
    {
        var previous = CurrentScope.Value;
        CurrentScope.Value = this;
        return new Scope(previous);
    }

    sealed class Scope(ComputeSettings? previous) : IDisposable
    {
        bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            CurrentScope.Value = previous;
        }
    }
}
