using Microsoft.ML.SemanticContext.Data;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>Annotated stories and a tiny, fast trainer configuration shared by the estimator tests.</summary>
static class CausalLmTestData
{
    public static readonly string[] Stories =
    [
        "<cluster_1>Once upon a time, there was a dog.<cluster_0> The dog liked to run in the park.",
        "<cluster_1>Once upon a time, there was a cat.<cluster_2> The cat was sad.<cluster_0> Then the cat smiled.",
        "<cluster_1>One day, a girl found a ball.<cluster_0> She played with the ball all day.",
    ];

    /// <summary>The same stories without their plan tokens.</summary>
    public static string[] PlainStories => Stories.Select(ClusterTokens.Strip).ToArray();

    /// <summary>Hidden 16, 2 layers, BPE of 300 ids, 3 steps of batch 2 × 16 tokens, 8 sampled tokens.</summary>
    public static CausalLmTrainerOptions Options() => new()
    {
        ModelConfig = GptNeoConfig.Alternating(1, hiddenSize: 16, layers: 2, heads: 2, windowSize: 8, maxPositions: 64),
        VocabularySize = 300,
        Training = new CausalLmTrainingOptions { BatchSize = 2, SequenceLength = 16, MaxSteps = 3, LearningRate = 1e-3f },
        Sampling = new SamplingOptions { MaxNewTokens = 8, Seed = 4 },
    };

    public static IDataView Annotated(MLContext ml) => ml.Data.LoadFromTexts(Stories, ColumnNames.Annotated);

    /// <summary>A model fitted with <see cref="Options"/> on the annotated stories, saved to lm.zip in <paramref name="folder"/>.</summary>
    public static (CausalLmTransformer Model, string Path) FitAndSave(MLContext ml, string folder)
    {
        var transformer = ml.TextGeneration.Trainers.CausalLm(Options()).Fit(Annotated(ml));
        string path = System.IO.Path.Combine(folder, "lm.zip");
        ml.Model.SemanticContext.Save(transformer, Annotated(ml).Schema, path);
        return (transformer, path);
    }

    /// <summary>The generated column of a transformed view.</summary>
    public static List<string> Generated(IDataView view) => StoryRows.Texts(view, CausalLmDefaults.GeneratedColumnName).ToList();
}

/// <summary>Synchronous IProgress (System.Progress posts to the thread pool, which would reorder reports).</summary>
sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
