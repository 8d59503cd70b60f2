using System.Runtime.CompilerServices;
using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// What a context carries beyond ML.NET's own settings (seed, log, <c>GpuDeviceId</c>, <c>FallbackToCpu</c>): the compute
/// backend and thread budget of this project's kernels and parallel loops, and a progress sink for long work. One per
/// context, held beside it (never process-wide), read by every component the context creates at the moment it runs, so
/// settings changed after a pipeline is built still apply.
/// </summary>
public sealed class ContextSettings
{
    static readonly ConditionalWeakTable<IHostEnvironment, ContextSettings> ByEnvironment = new();

    IComputeBackend _backend = ComputeSettings.Default.Backend;
    int _threads = ComputeSettings.Default.Threads;

    ContextSettings() { }

    /// <summary>The backend of this project's matrix products; the CPU backend by default.</summary>
    public IComputeBackend Backend
    {
        get => _backend;
        set => _backend = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Threads this project's kernels and row-parallel stages use at most; all cores by default.</summary>
    public int Threads
    {
        get => _threads;
        set => _threads = value >= 1 ? value : throw new InvalidOptionException("ComputeThreads", $"must be at least 1, not {value}.");
    }

    /// <summary>Progress of long work (fitting, annotating, training, generating); null reports nothing.</summary>
    public IProgress<ProgressEvent>? Progress { get; set; }

    /// <summary>
    /// Stops long work started from this context (training at its next step boundary, after a checkpoint; annotating
    /// before the next story) with an <see cref="OperationCanceledException"/>; none by default.
    /// </summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>The kernels' settings as they are now, for a <see cref="ComputeSettings.Enter"/> scope around numeric work.</summary>
    public ComputeSettings Compute => new(Backend, Threads);

    /// <summary>
    /// The settings of the context that <paramref name="environment"/> belongs to: an <see cref="MLContext"/>, the
    /// environment behind its catalogs (the same settings), or any other environment (settings of its own).
    /// </summary>
    public static ContextSettings Of(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var key = environment is MLContext context ? CatalogEnvironment.Of(context) : environment;
        return ByEnvironment.GetValue(key, _ => new ContextSettings());
    }

    public void ReportProgress(string stage, long done, long? total, string? detail = null) =>
        Progress?.Report(new ProgressEvent(stage, done, total, detail));
}

/// <summary>One progress update: <paramref name="Done"/> of <paramref name="Total"/> units of <paramref name="Stage"/>.</summary>
public sealed record ProgressEvent(string Stage, long Done, long? Total, string? Detail = null);
