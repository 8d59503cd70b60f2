// The whole experiment from C#: annotate, train a vanilla and a cluster-token model, generate, evaluate with the
// offline metrics (or an LLM judge when OPENAI_API_KEY is set and "--judge" is passed), print the table.
//   dotnet run --project samples/Experiment -c Release [-- --judge]
using Microsoft.ML.SemanticContext;
using Microsoft.ML.SemanticContext.Experiments.Annotation;
using Microsoft.ML.SemanticContext.Experiments.Running;
using Microsoft.ML.SemanticContext.Transforms.Clustering;

bool judge = args.Contains("--judge");
var output = Path.Combine(Path.GetTempPath(), "sctok-experiment-sample");
var options = new ExperimentOptions
{
    OutputDirectory = output,
    SyntheticStories = 300,                 // the built-in corpus with known narrative roles
    Configurations = [new AnnotationConfig(SentencesPerChunk: 2, K: 5, Placement: Placement.Prepend)],
    PromptCount = 5,
    CompletionsPerPrompt = 4,
    MaxNewTokens = 48,
    MaxSteps = 40,
    Judge = judge,
};
// A folder left by a run with other settings would be refused: start clean.
if (Directory.Exists(output)) Directory.Delete(output, recursive: true);

var runner = new ExperimentRunner(options, progress: null, log: message => Console.WriteLine($"  {message}"));
var summary = await runner.RunAsync();

Console.WriteLine();
Console.WriteLine($"{"model",-20} {"perplexity",10} {"distinct-2",10} {"prompt similarity",18}");
foreach (var model in summary.Evaluation.Offline)
    Console.WriteLine($"{model.Model,-20} {model.HeldOutPerplexity,10:0.00} {model.Distinct2,10:0.000} {model.PromptSimilarity.Mean,18:0.000}");
foreach (var score in summary.Evaluation.Scores)
    Console.WriteLine($"{score.Model,-20} judge overall {score.Criteria["overall"]}");
foreach (var test in summary.Evaluation.Comparisons)
    Console.WriteLine($"{test.Candidate} vs {test.Baseline} ({test.Criterion}): mean per-prompt difference {test.Test.Difference:+0.000;-0.000} over {test.Test.Prompts} prompts, paired one-tailed p = {test.Test.PValue:0.000}");
Console.WriteLine($"report: {Path.Combine(summary.Directory, "report.html")}");
