namespace Microsoft.ML.SemanticContext.Experiments.Sweeps.Reporting;

/// <summary>What a sweep report is written from: the sweep's identity and every trial it holds, whatever its state.</summary>
/// <param name="Preset">The search space's preset (e.g. <c>paper</c>, <c>quick</c>).</param>
/// <param name="Tuner">The tuner that chose and stopped trials (e.g. <c>grid</c>, <c>halving</c>).</param>
/// <param name="Seed">The sweep's seed: every trial's, and the bootstrap's, so a report is reproducible.</param>
/// <param name="JudgeRan">True when an LLM judge graded the samples: the judge's overall grade is then the primary criterion, otherwise the offline proxy.</param>
/// <param name="WallTime">The sweep's wall time, the only time the report prints (it is part of the input, so equal inputs give equal reports).</param>
public sealed record SweepReportInput(string Preset, string Tuner, int Seed, IReadOnlyList<TrialRecord> Trials, bool JudgeRan, TimeSpan WallTime);
