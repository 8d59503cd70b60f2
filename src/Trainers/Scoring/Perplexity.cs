namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>Perplexity of held-out text and what it was computed over.</summary>
/// <param name="CountedTokens">Predicted tokens that entered the average.</param>
/// <param name="ExcludedTokens">Predicted tokens left out (cluster tokens): still read as context, never scored.</param>
public sealed record PerplexityResult(double Perplexity, double MeanNegativeLogLikelihood, long CountedTokens, long ExcludedTokens, int Texts)
{
    public override string ToString() =>
        $"perplexity {Perplexity:F3} (mean NLL {MeanNegativeLogLikelihood:F4} over {CountedTokens:N0} tokens of {Texts:N0} texts; {ExcludedTokens:N0} cluster tokens not counted)";
}

/// <summary>
/// Perplexity = exp(mean negative log-likelihood of each text's tokens and its closing end-of-text, given everything
/// before them). Each text is read as [EOT] + text + [EOT]. Tokens in the excluded set (cluster tokens) stay in the
/// context but are not predicted, so models with and without plan tokens are compared on the same words.
/// </summary>
public static class Perplexity
{
    /// <param name="windowLength">Texts longer than this many tokens are scored in consecutive windows (context restarts); default the model's context.</param>
    public static PerplexityResult Compute(GptNeoModel model, IEnumerable<int[]> texts, int endOfTextId,
        IReadOnlySet<int>? excludedTargets = null, int batchSize = 8, int? windowLength = null)
    {
        int window = Math.Min(windowLength ?? model.Config.MaxPositions, model.Config.MaxPositions);
        if (window <= 0) throw new ArgumentOutOfRangeException(nameof(windowLength), windowLength, "The window must hold at least one token.");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive.");
        var windows = new List<(int[] Inputs, int[] Targets)>();
        long excluded = 0;
        int textCount = 0;
        foreach (var text in texts)
        {
            textCount++;
            var sequence = new int[text.Length + 2];
            sequence[0] = endOfTextId;
            text.CopyTo(sequence, 1);
            sequence[^1] = endOfTextId;
            for (int start = 0; start < sequence.Length - 1; start += window)
            {
                int length = Math.Min(window, sequence.Length - 1 - start);
                var inputs = sequence.AsSpan(start, length).ToArray();
                var targets = sequence.AsSpan(start + 1, length).ToArray();
                for (int i = 0; i < length; i++)
                    if (excludedTargets?.Contains(targets[i]) == true) { targets[i] = -1; excluded++; }
                windows.Add((inputs, targets));
            }
        }
        if (textCount == 0) throw new InvalidInputException("There is no text to score.");
        // Longest first, so each batch pads to a similar length and the activation shape changes rarely.
        windows.Sort((a, b) => b.Inputs.Length.CompareTo(a.Inputs.Length));
        double sum = 0;
        long counted = 0;
        for (int first = 0; first < windows.Count; first += batchSize)
        {
            int B = Math.Min(batchSize, windows.Count - first);
            int T = windows[first].Inputs.Length;
            var inputs = new int[B * T];
            var targets = new int[B * T];
            Array.Fill(inputs, endOfTextId);
            Array.Fill(targets, -1);
            for (int b = 0; b < B; b++)
            {
                var (i, t) = windows[first + b];
                i.CopyTo(inputs, b * T);
                t.CopyTo(targets, b * T);
            }
            var (s, c) = model.LossSum(inputs, targets, B, T);
            sum += s;
            counted += c;
        }
        if (counted == 0) throw new InvalidInputException("Every predicted token was excluded; nothing is left to score.");
        double mean = sum / counted;
        return new PerplexityResult(Math.Exp(mean), mean, counted, excluded, textCount);
    }
}
