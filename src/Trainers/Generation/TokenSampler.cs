namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>Picks a token from one row of logits with temperature, top-k and top-p (nucleus) filtering.</summary>
public sealed class TokenSampler
{
    readonly SamplingOptions options;
    readonly DeterministicRandom random;
    int[] order = Array.Empty<int>();
    double[] weights = Array.Empty<double>();

    public TokenSampler(SamplingOptions options, DeterministicRandom random)
    {
        this.options = options.Validated();
        this.random = random;
    }

    public int Next(ReadOnlySpan<float> logits)
    {
        if (options.Temperature == 0) return ArgMax(logits);
        int V = logits.Length;
        if (weights.Length != V)
        {
            order = new int[V];
            weights = new double[V];
        }
        float max = logits[ArgMax(logits)];
        if (options.TopK == 0 && options.TopP >= 1)
        {
            // No filtering: sample straight from softmax(logits / T) in id order, without sorting 50k entries.
            double sum = 0;
            for (int i = 0; i < V; i++) sum += weights[i] = Math.Exp((logits[i] - max) / options.Temperature);
            return Draw(weights.AsSpan(0, V), sum, index => index);
        }
        // Sort ids by descending logit (ties by id, so the result does not depend on the sort's stability).
        for (int i = 0; i < V; i++) order[i] = i;
        var values = logits.ToArray();
        Array.Sort(order, (a, b) => values[a] != values[b] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        int keep = options.TopK > 0 ? Math.Min(options.TopK, V) : V;
        double total = 0;
        for (int r = 0; r < keep; r++) total += weights[r] = Math.Exp((values[order[r]] - max) / options.Temperature);
        if (options.TopP < 1)
        {
            double cumulative = 0;
            for (int r = 0; r < keep; r++)
            {
                cumulative += weights[r] / total;
                if (cumulative >= options.TopP) { keep = r + 1; break; }
            }
            total = 0;
            for (int r = 0; r < keep; r++) total += weights[r];
        }
        var ranked = order;
        return Draw(weights.AsSpan(0, keep), total, rank => ranked[rank]);
    }

    /// <summary>Inverse-CDF draw over unnormalised weights; <paramref name="idOf"/> maps a weight's index to its token id.</summary>
    int Draw(ReadOnlySpan<double> w, double total, Func<int, int> idOf)
    {
        double u = random.NextDouble() * total;
        for (int i = 0; i < w.Length; i++)
        {
            u -= w[i];
            if (u < 0) return idOf(i);
        }
        // Rounding can leave u ≥ 0 after the last weight: fall back to the last token with positive weight.
        for (int i = w.Length - 1; i > 0; i--) if (w[i] > 0) return idOf(i);
        return idOf(0);
    }

    static int ArgMax(ReadOnlySpan<float> logits)
    {
        int best = 0;
        for (int i = 1; i < logits.Length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }
}
