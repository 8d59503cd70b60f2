using Microsoft.ML.Runtime;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// What a component of this project gets from its context, ML.NET's way: a host registered under the component's
/// name (its <see cref="IHost.Rand"/> seeds the component; its channel reaches <c>ml.Log</c>), plus the context's
/// <see cref="ContextSettings"/> for threads, backend and progress.
/// </summary>
public sealed class ComponentHost
{
    public ComponentHost(IHostEnvironment environment, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        Name = name;
        Host = environment.Register(name);
        Settings = ContextSettings.Of(environment);
    }

    /// <summary>The context's environment, passed on to the components this one creates (an estimator's transformer).</summary>
    public IHostEnvironment Environment { get; }

    public string Name { get; }

    public IHost Host { get; }

    public ContextSettings Settings { get; }

    /// <summary>A seed for this component: drawn from the host, so a seeded context gives the same seeds in the same order.</summary>
    public int NextSeed() => Host.Rand.Next();

    /// <summary>An informational message on <c>ml.Log</c> (which implementation ran, what was fitted).</summary>
    public void Log(string message)
    {
        using var channel = Host.Start(Name);
        channel.Info(MessageSensitivity.None, message);
    }

    public void ReportProgress(string stage, long done, long? total, string? detail = null) =>
        Settings.ReportProgress(stage, done, total, detail);

    /// <summary>The context's cancellation (<c>ml.Cancellation</c>), for the loops of a fit that run outside this host.</summary>
    public CancellationToken Cancellation => Settings.Cancellation;

    /// <summary>
    /// Throws <see cref="OperationCanceledException"/> once the context's cancellation is requested (Ctrl-C in the CLI):
    /// called once per story, batch, iteration or restart of a long loop, never per element.
    /// </summary>
    public void ThrowIfCancelled() => Settings.Cancellation.ThrowIfCancellationRequested();

    /// <summary>
    /// Makes the context's backend and thread budget current for the kernels until disposed, after checking the device
    /// the context asks for (<see cref="ContextDevice"/>): a GPU request is refused, or logged once and run on the CPU.
    /// </summary>
    public IDisposable EnterCompute()
    {
        if (!_deviceChecked)
        {
            if (ContextDevice.Of(Environment).CheckCpuOnly(Name) is { } note) Log(note);
            _deviceChecked = true;
        }
        return Settings.Compute.Enter();
    }

    /// <summary>
    /// The stage's model picks its own device (an <see cref="IChoosesDevice"/> part: an ONNX Runtime session runs on CUDA
    /// or the CPU and logs why), so the CPU-only check of <see cref="EnterCompute"/> does not apply to this stage.
    /// </summary>
    public void DeviceChosenBy(object part)
    {
        if (part is IChoosesDevice) _deviceChecked = true;
    }

    bool _deviceChecked;
}

/// <summary>A part of a stage that runs on the device the context asks for by itself and logs which one ran.</summary>
public interface IChoosesDevice;
