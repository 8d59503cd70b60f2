using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary><c>sctok generate</c> without the command line: continues a prompt N times with a saved model.</summary>
public sealed class GenerateRun
{
    public required string Model { get; init; }
    public string Prompt { get; init; } = "";
    public int Count { get; init; } = 1;
    public SamplingOptions Sampling { get; init; } = new();
    public bool KeepClusterTokens { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;

    public IReadOnlyList<GeneratedText> Execute(Action<string> log)
    {
        Parallelism.MaxThreads = Threads;
        var lm = CausalLmModelFiles.Load(new MLContext(Sampling.Seed), Model);
        log($"generate: {lm.Model.Config.ParameterCount:N0}-parameter model '{Model}', {Count} sample(s), up to {Sampling.MaxNewTokens} tokens, "
            + $"temperature {Sampling.Temperature}, top-k {Sampling.TopK}, top-p {Sampling.TopP}, seed {Sampling.Seed}");
        return lm.Generate(Prompt, Count, Sampling, KeepClusterTokens);
    }
}
