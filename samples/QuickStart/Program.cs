// Quick start: the annotation pipeline as ML.NET code. Fit it, save it to one .zip, read the annotated stories as typed
// rows, annotate one story with a PredictionEngine, and reload the .zip in a fresh context with identical output. Run:
//   dotnet run --project samples/QuickStart -c Release [-- corpus.txt]
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.SemanticContext;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms;

var workDir = Directory.CreateTempSubdirectory("sctok-quickstart").FullName;
var corpusPath = args.Length > 0 ? args[0] : Path.Combine(workDir, "stories.txt");
if (args.Length == 0) StorySynthesizer.WriteCorpus(corpusPath, stories: 300, seed: 1);   // the built-in demo corpus

var ml = new MLContext(seed: 1);
// Each stage logs which built-in default (or real model) it fitted; ML.NET's trace chatter is left out.
ml.Log += (_, e) => { if (e.Kind == ChannelMessageKind.Info) Console.WriteLine($"  {e.RawMessage}"); };
var stories = ml.Data.LoadCorpus(corpusPath);   // TinyStories .txt, .jsonl/.json ("story" or "text"), or one per line; streamed

var pipeline = ml.Transforms.SemanticContext.SegmentSentences(sentencesPerSegment: 2)
    .Append(ml.Transforms.SemanticContext.MaskEntities())
    .Append(ml.Transforms.SemanticContext.EmbedSegments())
    .Append(ml.Transforms.SemanticContext.AssignClusterTokens(k: 5, placement: Placement.Prepend));
var annotator = pipeline.Fit(stories);
var modelPath = Path.Combine(workDir, "annotator.zip");
ml.Model.SemanticContext.Save(annotator, stories.Schema, modelPath);   // ml.Model.Save cannot write third-party stages

// The annotated corpus as typed rows: the story, its chunks, one cluster id per chunk, the annotated text.
var annotated = ml.Data.CreateEnumerable<AnnotatedStory>(annotator.Transform(stories), reuseRowObject: false).ToList();
Console.WriteLine();
Console.WriteLine(annotated[0].Annotated);

// The cluster report: how many chunks each token marks, and one example of each.
Console.WriteLine();
foreach (var cluster in annotated.SelectMany(s => s.Clusters.Zip(s.Segments)).GroupBy(pair => pair.First).OrderBy(g => g.Key))
    Console.WriteLine($"<cluster_{cluster.Key}>  {cluster.Count(),5} chunks  e.g. \"{cluster.First().Second}\"");

// One story at a time, as a service would annotate it: every stage maps one row to one row.
var engine = ml.Model.CreatePredictionEngine<Story, AnnotatedStory>(annotator);
var one = engine.Predict(new Story { Text = "Once upon a time, there was a girl named Mia. She loved her red ball. One day, the ball rolled into the pond. Mia was very sad. Then her dog jumped in and brought it back. Mia hugged him and smiled." });
Console.WriteLine();
Console.WriteLine(one.Annotated);

// A fresh context (as in another process) reads the .zip and must annotate every story identically.
var fresh = new MLContext();
var reloaded = fresh.Model.SemanticContext.Load(modelPath, out _);
var again = reloaded.Transform(fresh.Data.LoadCorpus(corpusPath)).GetColumn<string>(ColumnNames.Annotated);
bool identical = annotated.Select(s => s.Annotated).SequenceEqual(again);
Console.WriteLine();
Console.WriteLine($"saved to {modelPath}; reloaded in a fresh context: {(identical ? "identical output" : "DIFFERENT output")}");
return identical ? 0 : 1;
