namespace Microsoft.ML.SemanticContext.Evaluators.Metrics;

/// <summary>One chunk a model wrote: the plan token it wrote for the chunk and the cluster the fitted annotator gives the chunk.</summary>
public readonly record struct PlannedChunk(int PlannedCluster, int AnnotatedCluster);

/// <summary>How often a model's chunks are what its own plan tokens said they would be.</summary>
/// <param name="Chunks">Generated chunks with a plan token of their own and some text.</param>
/// <param name="Adherence">Share of those chunks whose plan token equals the annotator's cluster for the chunk.</param>
/// <param name="Chance">
/// The agreement expected by chance, Σ_c p_model(c) · p_annotator(c): the share that would match if the model's tokens
/// were unrelated to what it writes, with the same token and cluster frequencies (Cohen's expected agreement).
/// </param>
public sealed record PlanAdherenceResult(string Model, int Chunks, double Adherence, double Chance);

/// <summary>
/// Plan adherence, an offline metric for cluster-token models: does the model follow its plans? Each generated chunk
/// with its own plan token is given to the fitted annotator (the same one that wrote the training tokens), and the
/// chunk adheres when the annotator's cluster is the token the model wrote. Far above chance means the tokens steer
/// the text; near chance means the model writes tokens it does not follow.
/// </summary>
public static class PlanAdherence
{
    public static PlanAdherenceResult Compute(string model, IReadOnlyList<PlannedChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count == 0) return new PlanAdherenceResult(model, 0, double.NaN, double.NaN);
        var n = (double)chunks.Count;
        var planned = chunks.GroupBy(c => c.PlannedCluster).ToDictionary(g => g.Key, g => g.Count() / n);
        var annotated = chunks.GroupBy(c => c.AnnotatedCluster).ToDictionary(g => g.Key, g => g.Count() / n);
        var chance = planned.Sum(kv => kv.Value * annotated.GetValueOrDefault(kv.Key));
        return new PlanAdherenceResult(model, chunks.Count, chunks.Count(c => c.PlannedCluster == c.AnnotatedCluster) / n, chance);
    }
}
