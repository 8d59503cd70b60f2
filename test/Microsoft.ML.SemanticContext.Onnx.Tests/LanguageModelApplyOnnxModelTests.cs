using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.SemanticContext.Onnx.Export;
using static Microsoft.ML.SemanticContext.Onnx.Tests.LanguageModelFixture;

namespace Microsoft.ML.SemanticContext.Onnx.Tests;

/// <summary>
/// The exported model.onnx inside an ML.NET pipeline through ML.NET's own <c>ApplyOnnxModel</c>
/// (Microsoft.ML.OnnxTransformer): a fixed-length input_ids vector column in, a logits column out, equal to the model
/// run directly in ONNX Runtime and to the C# forward pass, also after ML.NET saved and reloaded the pipeline.
/// </summary>
public class LanguageModelApplyOnnxModelTests(LanguageModelFixture lm) : IClassFixture<LanguageModelFixture>
{
    const int Length = 32;

    sealed class Row
    {
        [ColumnName(GptNeoOnnxGraph.InputIds), VectorType(Length)]
        public long[] InputIds { get; set; } = [];
    }

    sealed class Scored
    {
        [ColumnName(GptNeoOnnxGraph.Logits)]
        public float[] Logits { get; set; } = [];
    }

    [Fact]
    public void ApplyOnnxModelRunsTheExportedGraphOnAnInputIdsColumn()
    {
        const int rows = 3;
        var tokens = lm.StoryTokens(rows, Length);
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(r => new Row { InputIds = Array.ConvertAll(tokens[(r * Length)..((r + 1) * Length)], t => (long)t) }));
        // The graph's sequence dimension is symbolic; the shape dictionary tells ML.NET this column's [batch, sequence].
        // (The overload naming every argument: two overloads differ only in recursionLimit, here at its default 100.)
        string graph = Path.Combine(lm.Folder, "apply-onnx-model.onnx");  // a copy, deleted once the pipeline is saved
        File.Copy(lm.ModelOnnx, graph);
        var pipeline = ml.Transforms.ApplyOnnxModel([GptNeoOnnxGraph.Logits], [GptNeoOnnxGraph.InputIds], graph,
            shapeDictionary: new Dictionary<string, int[]> { [GptNeoOnnxGraph.InputIds] = [1, Length] }, gpuDeviceId: null, fallbackToCpu: false, recursionLimit: 100);
        var transformer = pipeline.Fit(data);
        var scored = ml.Data.CreateEnumerable<Scored>(transformer.Transform(data), reuseRowObject: false).ToArray();
        // ML.NET keeps the graph inside its own model archive: reloaded, it scores the same without the .onnx file.
        string archive = Path.Combine(lm.Folder, "apply-onnx-model.zip");
        ml.Model.Save(transformer, data.Schema, archive);
        (transformer as IDisposable)?.Dispose();
        File.Delete(graph);
        var reloaded = ml.Data.CreateEnumerable<Scored>(ml.Model.Load(archive, out _).Transform(data), reuseRowObject: false).ToArray();

        int V = lm.Model.Config.VocabularySize;
        using var session = Session(lm.ModelOnnx);
        using var ids = OrtValue.CreateTensorValueFromMemory(Array.ConvertAll(tokens, t => (long)t), [rows, Length]);
        using var outputs = session.Run(new RunOptions(), [GptNeoOnnxGraph.InputIds], [ids], [GptNeoOnnxGraph.Logits]);
        var direct = outputs[0].GetTensorDataAsSpan<float>();
        var csharp = lm.Model.Forward(tokens, rows, Length).ToArray();
        Assert.Equal(rows, scored.Length);
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(Length * V, scored[r].Logits.Length);
            Assert.InRange(MaxAbsDifference(direct.Slice(r * Length * V, Length * V), scored[r].Logits), 0, 1e-6f);
            Assert.InRange(MaxAbsDifference(csharp.AsSpan(r * Length * V, Length * V), scored[r].Logits), 0, 1e-4f);
            Assert.Equal(scored[r].Logits, reloaded[r].Logits);
        }
    }
}
