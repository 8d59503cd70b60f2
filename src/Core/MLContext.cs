namespace Microsoft.ML.SemanticContext;

/// <summary>Where the numeric work runs. Only the CPU backend exists today; the seam sits under the kernels.</summary>
public enum ComputeDevice { Cpu }

/// <summary>
/// The entry point, as in ML.NET: it owns the seed, the device, the log and the catalogs of
/// transforms, trainers and evaluators that extension methods in the other assemblies fill.
/// </summary>
public sealed class MLContext
{
    public MLContext(int? seed = null, ComputeDevice device = ComputeDevice.Cpu)
    {
        Seed = seed ?? Random.Shared.Next();
        Device = device;
        Transforms = new TransformsCatalog(this);
        Trainers = new TrainersCatalog(this);
        Evaluators = new EvaluatorsCatalog(this);
        Data = new DataOperationsCatalog(this);
        Model = new ModelOperationsCatalog(this);
    }

    /// <summary>The root seed; each component derives its own stream from it with <see cref="DeriveSeed"/>.</summary>
    public int Seed { get; }

    public ComputeDevice Device { get; }

    public TransformsCatalog Transforms { get; }
    public TrainersCatalog Trainers { get; }
    public EvaluatorsCatalog Evaluators { get; }
    public DataOperationsCatalog Data { get; }
    public ModelOperationsCatalog Model { get; }

    /// <summary>Human-readable messages from components (which implementation ran, what was fitted).</summary>
    public event Action<string>? Log;

    /// <summary>Progress of long-running work (fitting, annotating, training).</summary>
    public IProgress<ProgressEvent>? Progress { get; set; }

    public void WriteLog(string message) => Log?.Invoke(message);

    public void ReportProgress(string stage, long done, long? total, string? detail = null) =>
        Progress?.Report(new ProgressEvent(stage, done, total, detail));

    /// <summary>
    /// A seed for one named purpose, stable across runs and processes (FNV-1a of the purpose mixed with the root seed),
    /// so adding a stage does not shift the random stream of another.
    /// </summary>
    public int DeriveSeed(string purpose)
    {
        uint hash = 2166136261;
        foreach (char ch in purpose) hash = (hash ^ ch) * 16777619;
        return (int)(hash ^ (uint)Seed * 2654435761u) & int.MaxValue;
    }
}

/// <summary>One progress update: <paramref name="Done"/> of <paramref name="Total"/> units of <paramref name="Stage"/>.</summary>
public sealed record ProgressEvent(string Stage, long Done, long? Total, string? Detail = null);
