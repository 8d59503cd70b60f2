using Xunit;

namespace Microsoft.ML.SemanticContext.Numerics.Tests;

/// <summary>
/// The test inputs are too small to be split across threads at the production threshold; here every kernel runs with
/// many small parts and must agree with its single-threaded result (reductions may round differently, nothing more).
/// </summary>
// Lowers the process-wide split threshold (a test-only knob): never alongside other tests.
[CollectionDefinition(nameof(ThreadSplitTests), DisableParallelization = true)]
public sealed class ThreadSplitCollection;

[Collection(nameof(ThreadSplitTests))]
public class ThreadSplitTests
{
    [Fact]
    public void EveryKernelAgreesWithItsSingleThreadedResult()
    {
        var single = RunAll(threads: 1);
        var split = RunAll(threads: 3);
        Assert.Equal(single.Count, split.Count);
        for (int i = 0; i < single.Count; i++)
            TestData.AssertClose(TestData.ToDouble(single[i].Values), split[i].Values, 1e-5, 1e-5, single[i].Name);
    }

    static List<(string Name, float[] Values)> RunAll(int threads)
    {
        using var scope = new ComputeSettings(CpuBackend.Instance, threads).Enter();
        long savedWork = Parallelism.MinWorkPerPart;
        try
        {
            Parallelism.MinWorkPerPart = 1;
            var results = new List<(string, float[])>();
            const int B = 2, T = 40, C = 48, NH = 3, V = 300, BT = B * T;
            float[] x = TestData.Floats(1, BT * C), w = TestData.Floats(2, C), bias = TestData.Floats(3, C), dout = TestData.Floats(4, BT * C);

            var y = new float[BT * C]; var mean = new float[BT]; var rstd = new float[BT];
            LayerNorm.Forward(y, mean, rstd, x, w, bias, BT, C, 1e-5f);
            float[] dx = new float[BT * C], dw = new float[C], db = new float[C];
            LayerNorm.Backward(dx, dw, db, dout, x, w, mean, rstd, BT, C);
            results.AddRange([("layernorm y", y), ("layernorm dx", dx), ("layernorm dw", dw), ("layernorm db", db)]);

            var gelu = new float[BT * C]; var dgelu = new float[BT * C];
            Gelu.Forward(gelu, x, BT * C);
            Gelu.Backward(dgelu, x, dout, BT * C);
            results.AddRange([("gelu", gelu), ("gelu dx", dgelu)]);

            // 600 output columns: more than two 256-column dbias blocks.
            const int OC = 600;
            float[] weight = TestData.Floats(5, OC * C), linearBias = TestData.Floats(6, OC), linearOut = new float[BT * OC];
            Matmul.Forward(linearOut, x, weight, linearBias, BT, C, OC);
            float[] ldx = new float[BT * C], ldw = new float[OC * C], ldb = new float[OC];
            Matmul.Backward(ldx, ldw, ldb, TestData.Floats(7, BT * OC), x, weight, BT, C, OC);
            results.AddRange([("matmul y", linearOut), ("matmul dx", ldx), ("matmul dw", ldw), ("matmul db", ldb)]);

            foreach (int window in new[] { 5, int.MaxValue })
            {
                float[] q = TestData.Floats(8, BT * C), k = TestData.Floats(9, BT * C), v = TestData.Floats(10, BT * C);
                float[] att = new float[B * NH * T * T], output = new float[BT * C];
                Attention.Forward(output, att, q, k, v, B, T, C, NH, window);
                float[] dq = new float[BT * C], dk = new float[BT * C], dv = new float[BT * C];
                Attention.Backward(dq, dk, dv, dout, att, q, k, v, B, T, C, NH, window);
                var step = new float[B * C];
                Attention.ForwardCached(step, q.AsSpan(0, B * C).ToArray(), k, v, B, T - 1, T, C, NH, window);
                results.AddRange([("attention out", output), ("attention dq", dq), ("attention dk", dk), ("attention dv", dv), ("attention cached", step)]);
            }

            var logits = TestData.Floats(11, BT * V, 4f);
            var targets = TestData.Ints(12, BT, V);
            var losses = new float[BT];
            float total = SoftmaxCrossEntropy.ForwardBackward(logits, targets, losses, BT, V, 0.5f);
            results.AddRange([("ce losses", losses), ("ce dlogits", logits), ("ce total", [total])]);

            float[] parameters = TestData.Floats(13, 50000), m = new float[50000], second = new float[50000];
            AdamW.Step(parameters, TestData.Floats(14, 50000), m, second, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f, 1);
            results.Add(("adamw", parameters));
            return results;
        }
        finally
        {
            Parallelism.MinWorkPerPart = savedWork;
        }
    }
}
