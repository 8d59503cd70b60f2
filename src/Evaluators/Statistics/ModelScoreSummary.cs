namespace Microsoft.ML.SemanticContext.Evaluators.Statistics;

/// <summary>One model's judge scores: mean ± SE per criterion ("grammar", "creativity", "consistency", "plot" when given, "overall").</summary>
/// <param name="Unparseable">Judge replies without readable grades, excluded from every summary.</param>
public sealed record ModelScoreSummary(string Model, IReadOnlyDictionary<string, ScoreSummary> Criteria, int Graded, int Unparseable);
