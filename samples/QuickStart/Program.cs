// Quick start: compose the annotation pipeline like an ML.NET pipeline, fit it, annotate, save it to one .zip,
// load it in a fresh context and check that it gives the same output. Run:
//   dotnet run --project samples/QuickStart -c Release [-- corpus.txt]
using Microsoft.ML.SemanticContext;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Clustering;

var workDir = Directory.CreateTempSubdirectory("sctok-quickstart").FullName;
var corpusPath = args.Length > 0 ? args[0] : Path.Combine(workDir, "stories.txt");
if (args.Length == 0) StorySynthesizer.WriteCorpus(corpusPath, stories: 300, seed: 1);

var ml = new MLContext(seed: 1);
ml.Log += message => Console.WriteLine($"  {message}");
var stories = ml.Data.LoadCorpus(corpusPath);

var pipeline = ml.Transforms.SemanticContext.SegmentSentences(sentencesPerSegment: 2)
    .Append(ml.Transforms.SemanticContext.MaskEntities())
    .Append(ml.Transforms.SemanticContext.EmbedSegments())
    .Append(ml.Transforms.SemanticContext.AssignClusterTokens(k: 5, placement: Placement.Prepend));
var annotator = pipeline.Fit(stories);

var annotated = annotator.Transform(stories).GetColumn<string>(ColumnNames.Annotated).ToList();
Console.WriteLine();
Console.WriteLine(annotated[0]);

var modelPath = Path.Combine(workDir, "annotator.zip");
annotator.Save(modelPath);
var reloaded = new MLContext(seed: 7).Model.Load(modelPath);
var again = reloaded.Transform(stories).GetColumn<string>(ColumnNames.Annotated).ToList();

// The cluster report: how many chunks each token marks, and one example of each.
var clusters = annotator.Transform(stories).GetRows()
    .SelectMany(row => row.Get<int[]>(ColumnNames.ClusterIds).Zip(row.Get<string[]>(ColumnNames.Segments)))
    .GroupBy(pair => pair.First)
    .OrderBy(group => group.Key);
Console.WriteLine();
foreach (var cluster in clusters)
    Console.WriteLine($"<cluster_{cluster.Key}>  {cluster.Count(),5} chunks  e.g. \"{cluster.First().Second}\"");

bool identical = annotated.SequenceEqual(again);
Console.WriteLine();
Console.WriteLine($"saved to {modelPath}; reloaded in a fresh context: {(identical ? "identical output" : "DIFFERENT output")}");
return identical ? 0 : 1;
