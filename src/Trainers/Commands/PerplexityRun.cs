using Microsoft.ML.SemanticContext.Corpus;
using Microsoft.ML.SemanticContext.Numerics;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary><c>sctok perplexity</c> without the command line: perplexity of a held-out corpus, cluster tokens not counted.</summary>
public sealed class PerplexityRun
{
    public required string Model { get; init; }
    public required string Corpus { get; init; }
    public int BatchSize { get; init; } = 8;
    public int Threads { get; init; } = Environment.ProcessorCount;

    public PerplexityResult Execute(Action<string> log)
    {
        Parallelism.MaxThreads = Threads;
        var lm = CausalLmModelFiles.Load(new MLContext(1), Model);
        var stories = CorpusReader.Read(Corpus).Select(s => s.Text).ToList();
        if (stories.Count == 0) throw new InvalidDataException($"Corpus '{Corpus}' holds no stories.");
        log($"perplexity: {stories.Count:N0} stories from '{Corpus}' with model '{Model}'");
        return lm.Perplexity(stories, BatchSize);
    }
}
