namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>Picks a token from one row of logits with temperature, top-k and top-p (nucleus) filtering.</summary>
public sealed class TokenSampler
{
    readonly SamplingOptions options;
    readonly DeterministicRandom random;
    int[] order = Array.Empty<int>();
    double[] probabilities = Array.Empty<double>();

    public TokenSampler(SamplingOptions options, DeterministicRandom random)
    {
        this.options = options.Validated();
        this.random = random;
    }

    public int Next(ReadOnlySpan<float> logits)
    {
        if (options.Temperature == 0) return ArgMax(logits);
        int V = logits.Length;
        if (order.Length != V)
        {
            order = new int[V];
            probabilities = new double[V];
        }
        for (int i = 0; i < V; i++) order[i] = i;
        // Sort ids by descending logit (ties by id, so results do not depend on the sort's stability).
        var values = logits.ToArray();
        Array.Sort(order, (a, b) => values[a] != values[b] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        int keep = options.TopK > 0 ? Math.Min(options.TopK, V) : V;
        double max = values[order[0]], total = 0;
        for (int r = 0; r < keep; r++)
        {
            probabilities[r] = Math.Exp((values[order[r]] - max) / options.Temperature);
            total += probabilities[r];
        }
        if (options.TopP < 1)
        {
            double cumulative = 0;
            for (int r = 0; r < keep; r++)
            {
                cumulative += probabilities[r] / total;
                if (cumulative >= options.TopP) { keep = r + 1; break; }
            }
            total = 0;
            for (int r = 0; r < keep; r++) total += probabilities[r];
        }
        double u = random.NextDouble() * total;
        for (int r = 0; r < keep; r++)
        {
            u -= probabilities[r];
            if (u < 0) return order[r];
        }
        return order[keep - 1];
    }

    static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }
}
