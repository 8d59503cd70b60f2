using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.SemanticContext.Onnx.Embedding;
using Microsoft.ML.SemanticContext.Onnx.Runtime;
using static Microsoft.ML.SemanticContext.Onnx.Tests.OnnxFixtures;

namespace Microsoft.ML.SemanticContext.Onnx.Tests;

/// <summary>
/// Execution-provider selection from ml.GpuDeviceId / ml.FallbackToCpu. The CPU build of ONNX Runtime (what the
/// tests link) has no CUDA provider; a build that lists CUDA but cannot open the device is the second case.
/// </summary>
public class DeviceTests
{
    static readonly string[] CpuOnly = ["CPUExecutionProvider"];
    static readonly string[] WithCuda = ["CUDAExecutionProvider", "CPUExecutionProvider"];

    [Fact]
    public void NoGpuRequestedRunsOnTheCpu()
    {
        using var options = new SessionOptions();
        var choice = OnnxDevice.Configure(options, new ContextDevice(null, false), "test", WithCuda);
        Assert.Equal(("CPU", "no GPU requested (ml.GpuDeviceId is null)"), (choice.Provider, choice.Reason));
    }

    [Fact]
    public void CudaRequestedWithoutTheCudaBuildIsAnErrorUnlessFallbackIsAllowed()
    {
        using var options = new SessionOptions();
        var error = Assert.Throws<InvalidOperationException>(() => OnnxDevice.Configure(options, new ContextDevice(0, false), "test", CpuOnly));
        Assert.Contains("ml.GpuDeviceId is 0, but this ONNX Runtime build has no CUDA provider (it has CPUExecutionProvider)", error.Message);
        Assert.Contains("-p:OnnxRuntimeGpu=true", error.Message);
        Assert.Contains("ml.FallbackToCpu = true", error.Message);

        var choice = OnnxDevice.Configure(options, new ContextDevice(0, true), "test", CpuOnly);
        Assert.Equal("CPU", choice.Provider);
        Assert.Contains("running on the CPU (ml.FallbackToCpu is set)", choice.Reason);
    }

    [Fact]
    public void ACudaProviderThatCannotOpenTheDeviceFallsBackOrFails()
    {
        // The provider is listed, but this process's ONNX Runtime cannot append it: the same path as missing CUDA libraries.
        using var options = new SessionOptions();
        var error = Assert.Throws<InvalidOperationException>(() => OnnxDevice.Configure(options, new ContextDevice(1, false), "test", WithCuda));
        Assert.Contains("CUDA could not open GPU 1", error.Message);
        var choice = OnnxDevice.Configure(options, new ContextDevice(1, true), "test", WithCuda);
        Assert.Equal("CPU", choice.Provider);
        Assert.Contains("CUDA could not open GPU 1", choice.Reason);
    }

    [Fact]
    public void TheContextsDeviceReachesTheEmbedderAndTheLogSaysWhy()
    {
        var strict = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = false };
        var error = Assert.Throws<InvalidOperationException>(() => OnnxSentenceEmbedder.Open(strict, Embedder));
        Assert.Contains("EmbedSegments (ONNX): ml.GpuDeviceId is 0", error.Message);

        var lenient = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = true };
        var log = Log(lenient);
        using var embedder = OnnxSentenceEmbedder.Open(lenient, Embedder);
        Assert.Contains(log, l => l.Contains("on CPU: GPU 0 requested, but") && l.Contains("running on the CPU"));
        Assert.Equal(24 * 2, embedder.Embed(Texts[..2]).Length);
    }

    [Fact]
    public void AnOnnxStageWithAStrictGpuRequestIsNotRefusedByTheCpuOnlyKernelCheck()
    {
        // The stage's own CPU-only check must not apply when the model chose its device (here: fallback, logged).
        var ml = new MLContext(1) { GpuDeviceId = 0, FallbackToCpu = true };
        using var embedder = OnnxSentenceEmbedder.Open(ml, Embedder);
        ml.FallbackToCpu = false;
        var cpu = new MLContext(1); // the chunks come from a CPU context: the built-in splitter would rightly refuse the GPU request
        var stories = cpu.Data.LoadFromTexts(["One day she saw a big red ball. She ran to get it."]);
        var chunks = cpu.Transforms.SemanticContext.SegmentSentences(1).Fit(stories).Transform(stories);
        var stage = ml.Transforms.SemanticContext.EmbedSegments(new Transforms.Embedding.SegmentEmbeddingOptions
            { Embedder = embedder, InputColumnName = Data.ColumnNames.Segments }).Fit(chunks);
        var vectors = Data.StoryRows.Read(stage.Transform(chunks), new Data.InputColumn(Data.ColumnNames.Embeddings, Data.StoryColumnKind.SingleVector)).Single();
        Assert.Equal(2 * 24, ((float[])vectors[0]).Length);
    }
}
