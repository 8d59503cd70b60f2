using System.Reflection;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.SemanticContext;

/// <summary>
/// The device a context asks for: ML.NET's <c>ml.GpuDeviceId</c> and <c>ml.FallbackToCpu</c>. A stage created from a
/// catalog holds the context's environment, which keeps both as public properties of an internal ML.NET type, so they
/// are read by name (a missing property reads as "no GPU requested").
/// </summary>
public readonly record struct ContextDevice(int? GpuDeviceId, bool FallbackToCpu)
{
    public static ContextDevice Of(IHostEnvironment environment)
    {
        if (environment is MLContext context) return new(context.GpuDeviceId, context.FallbackToCpu);
        var type = environment.GetType();
        var gpu = type.GetProperty(nameof(MLContext.GpuDeviceId), BindingFlags.Public | BindingFlags.Instance)?.GetValue(environment) as int?;
        var fallback = type.GetProperty(nameof(MLContext.FallbackToCpu), BindingFlags.Public | BindingFlags.Instance)?.GetValue(environment) as bool?;
        return new(gpu, fallback ?? false);
    }

    /// <summary>
    /// Checks that numeric work can run where the context asks: this project's kernels have only a CPU backend, so a
    /// requested GPU runs on the CPU when <see cref="FallbackToCpu"/> allows it (the returned note says so) and is an
    /// error otherwise, as for ML.NET's own GPU components.
    /// </summary>
    public string? CheckCpuOnly(string component)
    {
        if (GpuDeviceId is not { } id) return null;
        if (!FallbackToCpu)
            throw new InvalidOperationException($"{component}: ml.GpuDeviceId is {id}, but this component's numeric kernels run on the CPU only; set ml.FallbackToCpu = true to run on the CPU.");
        return $"{component}: GPU {id} requested; running on the CPU (no GPU backend for this component; ml.FallbackToCpu is set).";
    }
}
