// A sweep from C#: declare the search space as ML.NET AutoML users do (choice and range parameters), run it at the quick
// preset's scale with a tuner, print every trial ranked by its validation figure. Rerunning resumes from the folder.
//   dotnet run --project samples/Sweep -c Release [-- grid|random|halving]
using Microsoft.ML.SemanticContext;
using Microsoft.ML.SemanticContext.Experiments.Sweeps;

var tuner = args.Length > 0 ? Enum.Parse<SweepTuner>(args[0], ignoreCase: true) : SweepTuner.Halving;
var space = new SweepSpace(
    Sizes: new ChoiceParameter<string>("size", [SweepPresets.QuickSize]),
    Placements: new ChoiceParameter<Placement>("placement", [Placement.Prepend, Placement.Postpend]),
    SentencesPerChunk: new ChoiceParameter<int>("sentences", [1, 2]),
    K: new RangeParameter("k", Min: 3, Max: 16, Grid: [5, 15]));   // the grid tries 5 and 15; the random tuner draws from 3..16
var options = new SweepOptions
{
    OutputDirectory = Path.Combine(Path.GetTempPath(), $"sctok-sweep-sample-{tuner.ToString().ToLowerInvariant()}"),
    Preset = SweepPresets.Quick with { Space = space },
    Tuner = tuner,
    BudgetTrials = tuner == SweepTuner.Random ? 6 : null,    // configurations; the vanilla baseline comes on top
};

var sweep = await new SweepRunner(options, progress: null, log: message => Console.WriteLine($"  {message}")).RunAsync();

Console.WriteLine();
Console.WriteLine($"{"trial",5}  {"configuration",-26} {"state",-9} {"steps",5}  validation (nats per plain-text token, plan tokens counted)");
foreach (var trial in sweep.Trials.OrderBy(t => t.State == TrialState.Finished ? 0 : 1).ThenBy(t => t.ValidationNll))
    Console.WriteLine($"{trial.Id,5}  {trial.Configuration.Name,-26} {trial.State,-9} {trial.Steps,5}  {trial.ValidationNll:0.0000}");
Console.WriteLine($"{sweep.Trials.Sum(t => t.Steps):N0} optimiser steps in all; trials in {Path.Combine(sweep.Folder, SweepRunner.TrialsFile)}");
