using System.Collections.Concurrent;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>The context's thread budget and backend reach the kernels during training and generation, and the thread count does not change results.</summary>
public class ComputeSettingsTests
{
    /// <summary>The CPU backend, recording the thread budget current at each matrix product.</summary>
    sealed class RecordingBackend : IComputeBackend
    {
        public ConcurrentBag<int> Threads { get; } = [];

        public string Name => "recording-cpu";

        public void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
            ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        {
            Threads.Add(ComputeSettings.Current.Threads);
            CpuBackend.Instance.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }
    }

    /// <summary>
    /// Large enough that the kernels split their work (the LM head alone is 4·64 × 512 × 64 ≈ 8M multiply-adds per
    /// pass, several parts of the kernels' ~1M-operation split size), small enough to train in seconds.
    /// </summary>
    static (CausalLmTransformer Model, RecordingBackend Backend) Train(int threads)
    {
        var backend = new RecordingBackend();
        var ml = new MLContext(seed: 1) { ComputeThreads = threads, ComputeBackend = backend };
        var stories = StorySynthesizer.Generate(60, seed: 3).Select(s => s.Text);
        var options = new CausalLmTrainerOptions
        {
            ModelConfig = GptNeoConfig.Alternating(1, hiddenSize: 64, layers: 2, heads: 4, windowSize: 16, maxPositions: 64),
            VocabularySize = 512,
            Training = new CausalLmTrainingOptions { BatchSize = 4, SequenceLength = 64, MaxSteps = 4, LearningRate = 1e-3f },
            Sampling = new SamplingOptions { MaxNewTokens = 12, Seed = 2 },
        };
        return (ml.TextGeneration.Trainers.CausalLm(options).Fit(ml.Data.LoadFromTexts(stories)), backend);
    }

    [Fact]
    public void OneAndTwoThreadsGiveTheSameLossCurveAndGenerationsAndEachRunUsesItsContextsBudget()
    {
        var (one, oneBackend) = Train(threads: 1);
        var (two, twoBackend) = Train(threads: 2);
        Assert.Equal(4, one.Training!.Losses.Count);
        Assert.Equal(one.Training.Losses, two.Training!.Losses);
        Assert.Equal(one.LanguageModel.Model.Parameters, two.LanguageModel.Model.Parameters);
        Assert.NotEmpty(oneBackend.Threads);
        Assert.All(oneBackend.Threads, t => Assert.Equal(1, t));
        Assert.All(twoBackend.Threads, t => Assert.Equal(2, t));

        int trainingProducts = twoBackend.Threads.Count;
        var generated = two.Generate("Once upon a time", 2).Select(g => g.Text).ToList();
        Assert.True(twoBackend.Threads.Count > trainingProducts, "generation ran its matrix products on the context's backend");
        Assert.All(twoBackend.Threads, t => Assert.Equal(2, t));
        Assert.Equal(one.Generate("Once upon a time", 2).Select(g => g.Text), generated);
    }
}
