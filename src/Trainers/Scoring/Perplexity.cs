using System.Text.Json.Serialization;

namespace Microsoft.ML.SemanticContext.Trainers;

/// <summary>How the plan tokens of a model that writes them enter its perplexity on plain text.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlanCharge>))]
public enum PlanCharge
{
    /// <summary>No plan tokens: every token of the text is predicted and counted (a model without plan tokens).</summary>
    None,

    /// <summary>
    /// At each plan slot, the plan token that gives the lowest loss of itself and the text up to the next slot, counted:
    /// the loss of one (plan, text) path, so an upper bound on −log p(text).
    /// </summary>
    BestPlan,

    /// <summary>At each plan slot, the plan token the model itself finds most likely there, counted (also an upper bound).</summary>
    GreedyPlan,

    /// <summary>
    /// The annotator's plan tokens, counted: the loss of one (plan, text) path, so an upper bound on −log p(text) that
    /// needs no search (a sweep's validation figure at every rung).
    /// </summary>
    AnnotatorPlan,

    /// <summary>
    /// Diagnostic only: the annotator's plan tokens, computed from the very text being scored, read as context and not
    /// counted. Leaks the answer; not a likelihood of the text.
    /// </summary>
    OraclePlan,
}

/// <summary>Perplexity of held-out text per plain-text token, and what it was computed over.</summary>
/// <param name="Perplexity">exp(<paramref name="MeanNegativeLogLikelihood"/>).</param>
/// <param name="MeanNegativeLogLikelihood">Summed loss of every counted token (plan tokens too when counted) divided by <paramref name="PlainTokens"/>.</param>
/// <param name="PlainTokens">
/// The denominator: the tokens of the plain texts, each with its closing end-of-text (the tokenisation a model
/// without plan tokens reads), the same for every model scored on the same stories.
/// </param>
/// <param name="PlanTokens">Plan tokens in the scored sequences: counted for <see cref="PlanCharge.BestPlan"/> and <see cref="PlanCharge.GreedyPlan"/>, read but not counted for <see cref="PlanCharge.OraclePlan"/>.</param>
public sealed record PerplexityResult(double Perplexity, double MeanNegativeLogLikelihood, long PlainTokens, long PlanTokens, int Texts, PlanCharge Charge)
{
    /// <summary>What the figure is, in a few words.</summary>
    [JsonIgnore]
    public string Label => Charge switch
    {
        PlanCharge.None => "every token counted",
        PlanCharge.BestPlan => "best plan counted (upper bound)",
        PlanCharge.GreedyPlan => "own greedy plan counted",
        PlanCharge.AnnotatorPlan => "annotator's plan counted (upper bound)",
        PlanCharge.OraclePlan => "oracle plan not counted (diagnostic, leaks)",
        _ => Charge.ToString(),
    };

    public override string ToString() =>
        $"perplexity {Perplexity:F3} per plain-text token, {Label} (mean NLL {MeanNegativeLogLikelihood:F4} over {PlainTokens:N0} plain-text tokens of {Texts:N0} texts"
        + (Charge == PlanCharge.None ? ")" : $"; {PlanTokens:N0} plan tokens {(Charge == PlanCharge.OraclePlan ? "read, not counted" : "counted")})");
}

/// <summary>
/// Perplexity = exp(summed negative log-likelihood / plain-text tokens). Each text is read as [EOT] + text + [EOT] and
/// its tokens and closing end-of-text are predicted from everything before them. A model with plan tokens is scored
/// on texts that carry plan tokens at its slots (as the annotator writes them) and pays for its plans
/// (<see cref="PlanCharge"/>); the denominator is always the plain-text token count, so every model is divided by
/// the same number.
/// </summary>
public static class Perplexity
{
    /// <summary>Every token counted: the perplexity of a model without plan tokens (or of one that writes none).</summary>
    /// <param name="windowLength">Texts longer than this many tokens are scored in consecutive windows (context restarts); default the model's context.</param>
    public static PerplexityResult Compute(GptNeoModel model, IEnumerable<int[]> texts, int endOfTextId, int batchSize = 8, int? windowLength = null)
    {
        var list = texts.ToList();
        var (sum, counted) = LossSum(model, list, endOfTextId, excludedTargets: null, batchSize, windowLength);
        return Result(sum, counted, planTokens: 0, list.Count, PlanCharge.None);
    }

    /// <summary>
    /// The figures of a model with plan tokens on annotated texts (plan ids at the slots the annotator chose): the best
    /// plan and the model's own greedy plan, both counted, and the oracle plan as a diagnostic. Only the slots' positions
    /// are read from the texts; which plan token the annotator put there enters the oracle figure alone.
    /// </summary>
    public static IReadOnlyList<PerplexityResult> ComputeWithPlans(GptNeoModel model, IReadOnlyList<int[]> annotatedTexts, int endOfTextId,
        IReadOnlySet<int> planIds, int batchSize = 8, int? windowLength = null)
    {
        if (planIds.Count == 0) throw new ArgumentException("The model has no plan tokens; use Compute.", nameof(planIds));
        var texts = annotatedTexts.Select(t => PlanSlots.Of(t, planIds)).ToList();
        long plain = texts.Sum(t => (long)t.Plain.Length + 1), slots = texts.Sum(t => (long)t.Slots.Length);
        int window = Window(model, windowLength);
        var candidates = planIds.Order().ToArray();
        PerplexityResult Counted(PlanCharge charge)
        {
            var chosen = PlanSearch.Choose(model, texts, endOfTextId, candidates, charge, window);
            var (sum, _) = LossSum(model, chosen, endOfTextId, excludedTargets: null, batchSize, windowLength);
            return Result(sum, plain, slots, texts.Count, charge);
        }
        var (oracleSum, _) = LossSum(model, annotatedTexts, endOfTextId, planIds, batchSize, windowLength);
        return [Counted(PlanCharge.BestPlan), Counted(PlanCharge.GreedyPlan), Result(oracleSum, plain, slots, texts.Count, PlanCharge.OraclePlan)];
    }

    /// <summary>
    /// Annotated texts read as written with every token counted, the annotator's plan tokens too (<see cref="PlanCharge.AnnotatorPlan"/>),
    /// divided by the plain-text token count: comparable with <see cref="Compute"/> of a model without plan tokens.
    /// </summary>
    public static PerplexityResult ComputeWithAnnotatorPlan(GptNeoModel model, IReadOnlyList<int[]> annotatedTexts, int endOfTextId,
        IReadOnlySet<int> planIds, int batchSize = 8, int? windowLength = null)
    {
        long slots = annotatedTexts.Sum(t => (long)t.Count(planIds.Contains));
        long plain = annotatedTexts.Sum(t => (long)t.Length + 1) - slots;
        var (sum, _) = LossSum(model, annotatedTexts, endOfTextId, excludedTargets: null, batchSize, windowLength);
        return Result(sum, plain, slots, annotatedTexts.Count, PlanCharge.AnnotatorPlan);
    }

    static PerplexityResult Result(double sum, long plainTokens, long planTokens, int texts, PlanCharge charge)
    {
        if (texts == 0) throw new InvalidInputException("There is no text to score.");
        double mean = sum / plainTokens;
        return new PerplexityResult(Math.Exp(mean), mean, plainTokens, planTokens, texts, charge);
    }

    internal static int Window(GptNeoModel model, int? windowLength)
    {
        int window = Math.Min(windowLength ?? model.Config.MaxPositions, model.Config.MaxPositions);
        if (window <= 0) throw new ArgumentOutOfRangeException(nameof(windowLength), windowLength, "The window must hold at least one token.");
        return window;
    }

    /// <summary>Summed loss and count of the predicted tokens of every text and its closing end-of-text, excluded targets read but not counted.</summary>
    static (double Sum, long Counted) LossSum(GptNeoModel model, IReadOnlyList<int[]> texts, int endOfTextId,
        IReadOnlySet<int>? excludedTargets, int batchSize, int? windowLength)
    {
        int window = Window(model, windowLength);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive.");
        if (texts.Count == 0) throw new InvalidInputException("There is no text to score.");
        var windows = new List<(int[] Inputs, int[] Targets)>();
        foreach (var text in texts)
        {
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
                    if (excludedTargets?.Contains(targets[i]) == true) targets[i] = -1;
                windows.Add((inputs, targets));
            }
        }
        // Longest first, so each batch pads to a similar length, and the first batch is the largest: the inference
        // buffers and the token arrays are sized for it once and reused by every later batch.
        windows.Sort((a, b) => b.Inputs.Length.CompareTo(a.Inputs.Length));
        int maxBatch = Math.Min(batchSize, windows.Count), maxLength = windows[0].Inputs.Length;
        var inference = new GptNeoInference(model, maxBatch, maxLength);
        var batchInputs = new int[maxBatch * maxLength];
        var batchTargets = new int[maxBatch * maxLength];
        double sum = 0;
        long counted = 0;
        for (int first = 0; first < windows.Count; first += batchSize)
        {
            int B = Math.Min(batchSize, windows.Count - first);
            int T = windows[first].Inputs.Length;
            Array.Fill(batchInputs, endOfTextId, 0, B * T);
            Array.Fill(batchTargets, -1, 0, B * T);
            for (int b = 0; b < B; b++)
            {
                var (i, t) = windows[first + b];
                i.CopyTo(batchInputs, b * T);
                t.CopyTo(batchTargets, b * T);
            }
            var (s, c) = inference.LossSum(batchInputs.AsSpan(0, B * T), batchTargets.AsSpan(0, B * T), B, T);
            sum += s;
            counted += c;
        }
        if (counted == 0) throw new InvalidInputException("Every predicted token was excluded; nothing is left to score.");
        return (sum, counted);
    }
}
