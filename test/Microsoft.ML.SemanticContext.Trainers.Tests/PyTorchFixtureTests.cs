using Microsoft.ML.SemanticContext.Storage;
using Xunit;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>
/// Our GPT-Neo against the PyTorch reference (build/fixtures/gptneo/make_fixture.py, computed in float64): a tiny
/// 4-layer model with alternating global/local (window 4) attention, B = 2, T = 12, random weights.
/// </summary>
public class PyTorchFixtureTests
{
    static readonly Dictionary<string, NamedTensor> Expected =
        SafeTensors.Read(Path.Combine(TestPaths.GptNeoFixture, "expected.safetensors")).Tensors.ToDictionary(t => t.Name);

    static int[] Ids(string name) => Expected[name].Data.Select(x => (int)x).ToArray();

    [Fact]
    public void LogitsMatchPyTorch()
    {
        var model = GptNeoCheckpoint.Import(TestPaths.TinyCheckpoint);
        var inputs = Ids("inputs");
        var logits = model.Forward(inputs, 2, 12).ToArray();
        var expected = Expected["logits"].Data;
        Assert.Equal(expected.Length, logits.Length);
        double worst = Enumerable.Range(0, logits.Length).Max(i => Math.Abs(logits[i] - expected[i]));
        Assert.True(worst < 1e-4, $"largest logit difference {worst}");
    }

    [Fact]
    public void LossAndEveryParameterGradientMatchPyTorch()
    {
        var model = GptNeoCheckpoint.Import(TestPaths.TinyCheckpoint);
        model.ZeroGradients();
        float loss = model.ForwardBackward(Ids("inputs"), Ids("targets"), 2, 12);
        Assert.Equal(Expected["loss"].Data[0], loss, 1e-5f);
        foreach (var t in model.Layout.Tensors)
        {
            var expected = Expected["grad." + t.Name].Data;
            var actual = model.Gradients.AsSpan((int)t.Offset, (int)t.Size);
            double scale = Math.Max(1e-3, expected.Max(Math.Abs));
            double worst = 0;
            for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
            Assert.True(worst <= 1e-4 * scale + 1e-6, $"{t.Name}: largest gradient difference {worst} (largest |gradient| {scale})");
        }
    }

    [Fact]
    public void LossWithoutGradientsMatchesPyTorch()
    {
        var model = GptNeoCheckpoint.Import(TestPaths.TinyCheckpoint);
        Assert.Equal(Expected["loss"].Data[0], model.Loss(Ids("inputs"), Ids("targets"), 2, 12), 1e-5f);
    }
}
