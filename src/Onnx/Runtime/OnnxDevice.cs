using Microsoft.ML.OnnxRuntime;

namespace Microsoft.ML.SemanticContext.Onnx.Runtime;

/// <summary>
/// Chooses ONNX Runtime's execution provider from the context's device (<c>ml.GpuDeviceId</c>, <c>ml.FallbackToCpu</c>):
/// CUDA on the requested GPU when this ONNX Runtime build has it and the device opens, else the CPU when fallback is
/// allowed, else an error. The reason is always given, so the log says which provider ran and why.
/// </summary>
public static class OnnxDevice
{
    const string CudaProvider = "CUDAExecutionProvider";

    /// <summary>What was chosen: the provider that runs and one line saying why.</summary>
    public sealed record Choice(string Provider, string Reason);

    /// <summary>
    /// Adds the chosen provider to <paramref name="options"/>. <paramref name="availableProviders"/> is ONNX Runtime's
    /// own list (<see cref="OrtEnv.GetAvailableProviders"/>); it is a parameter so the selection can be checked
    /// without a GPU.
    /// </summary>
    public static Choice Configure(SessionOptions options, ContextDevice device, string component, IReadOnlyCollection<string> availableProviders)
    {
        if (device.GpuDeviceId is not { } gpu)
            return new("CPU", "no GPU requested (ml.GpuDeviceId is null)");
        string failure;
        if (!availableProviders.Contains(CudaProvider))
            failure = $"this ONNX Runtime build has no CUDA provider (it has {string.Join(", ", availableProviders)}); build with -p:OnnxRuntimeGpu=true for Microsoft.ML.OnnxRuntime.Gpu";
        else
        {
            try
            {
                options.AppendExecutionProvider_CUDA(gpu);
                return new("CUDA", $"GPU {gpu} requested and CUDA opened it");
            }
            catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                failure = $"CUDA could not open GPU {gpu} ({e.Message.Trim()}); the CUDA and cuDNN libraries must be on the library path";
            }
        }
        if (!device.FallbackToCpu)
            throw new InvalidOperationException($"{component}: ml.GpuDeviceId is {gpu}, but {failure}. Set ml.FallbackToCpu = true to run on the CPU instead.");
        return new("CPU", $"GPU {gpu} requested, but {failure}; running on the CPU (ml.FallbackToCpu is set)");
    }
}
