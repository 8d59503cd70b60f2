// Mixed pipeline: this project's stages next to ML.NET's built-ins.
//  1. Story level: ML.NET's NormalizeText before SegmentSentences → MaskEntities → EmbedSegments → AssignClusterTokens,
//     saved as one archive with ml.Model.SemanticContext.Save and reloaded in a fresh context with identical output.
//  2. Chunk level: the stories turned into one row per chunk, clustered by ML.NET's own KMeans (on the project's
//     embeddings, and on ML.NET's FeaturizeText of the masked text) and compared with AssignClusterTokens. Run:
//   dotnet run --project samples/MixedPipeline -c Release [-- corpus.txt]
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext;
using Microsoft.ML.SemanticContext.Corpus.Synthetic;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.Transforms.Text;
using MixedPipeline;

const int K = 5;
var workDir = Directory.CreateTempSubdirectory("sctok-mixed").FullName;
var corpusPath = args.Length > 0 ? args[0] : Path.Combine(workDir, "stories.txt");
if (args.Length == 0) StorySynthesizer.WriteCorpus(corpusPath, stories: 300, seed: 2);   // the built-in demo corpus

var ml = new MLContext(seed: 1);
var stories = ml.Data.LoadCorpus(corpusPath);

// 1. Story level. The normalizer folds diacritics ("café" → "cafe") but keeps case: the name masker reads capitals.
var pipeline = ml.Transforms.Text.NormalizeText(ColumnNames.Text, caseMode: TextNormalizingEstimator.CaseMode.None, keepDiacritics: false)
    .Append(ml.Transforms.SemanticContext.SegmentSentences(sentencesPerSegment: 2))
    .Append(ml.Transforms.SemanticContext.MaskEntities())
    .Append(ml.Transforms.SemanticContext.EmbedSegments())
    .Append(ml.Transforms.SemanticContext.AssignClusterTokens(k: K));
var annotator = pipeline.Fit(stories);
var modelPath = Path.Combine(workDir, "mixed.zip");
ml.Model.SemanticContext.Save(annotator, stories.Schema, modelPath);   // ML.NET's stages are nested in the archive, saved by ML.NET
var annotated = annotator.Transform(stories);

// 2. Chunk level. A story's embeddings are its chunks' vectors one after another ([chunks, d]); ML.NET's trainers
// want one fixed-size vector per row, so each chunk becomes a row.
int d = ((VectorDataViewType)annotated.Schema[ColumnNames.Embeddings].Type).Dimensions[1];
var chunks = ml.Data.CreateEnumerable<StoryChunks>(annotated, reuseRowObject: false)
    .SelectMany(story => story.Masked.Select((text, i) => new Chunk
    {
        Text = text,
        Embedding = story.Embeddings[(i * d)..((i + 1) * d)],
        ProjectCluster = story.Clusters[i],
    }))
    .ToList();
var chunkSchema = SchemaDefinition.Create(typeof(Chunk));
chunkSchema[nameof(Chunk.Embedding)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
var chunkRows = ml.Data.LoadFromEnumerable(chunks, chunkSchema);

int[] project = chunks.Select(c => c.ProjectCluster).ToArray();
int[] onEmbeddings = Clusters(ml.Clustering.Trainers.KMeans(nameof(Chunk.Embedding), numberOfClusters: K), chunkRows);
int[] onFeaturizedText = Clusters(ml.Transforms.Text.FeaturizeText("TextFeatures", nameof(Chunk.Text))
    .Append(ml.Clustering.Trainers.KMeans("TextFeatures", numberOfClusters: K)), chunkRows);

Console.WriteLine($"{chunks.Count} chunks, {d}-dimensional embeddings, k = {K}");
Console.WriteLine($"  AssignClusterTokens                           sizes {Sizes(project)}");
Console.WriteLine($"  ML.NET KMeans on the same embeddings          sizes {Sizes(onEmbeddings)}  adjusted Rand index vs AssignClusterTokens {Agreement.AdjustedRandIndex(project, onEmbeddings):F3}");
Console.WriteLine($"  ML.NET FeaturizeText + KMeans on masked text  sizes {Sizes(onFeaturizedText)}  adjusted Rand index vs AssignClusterTokens {Agreement.AdjustedRandIndex(project, onFeaturizedText):F3}");

// The archive holds ML.NET's normalizer and this project's four stages; a fresh context must reproduce every story.
var fresh = new MLContext();
var reloaded = fresh.Model.SemanticContext.Load(modelPath, out _);
var expected = annotated.GetColumn<string>(ColumnNames.Annotated).ToList();
bool identical = expected.SequenceEqual(reloaded.Transform(fresh.Data.LoadCorpus(corpusPath)).GetColumn<string>(ColumnNames.Annotated));
Console.WriteLine();
Console.WriteLine(expected[0]);
Console.WriteLine();
Console.WriteLine($"{string.Join(" → ", annotator.Select(stage => stage.GetType().Name))} saved to {modelPath}");
Console.WriteLine($"reloaded in a fresh context: {(identical ? "identical output" : "DIFFERENT output")}");
return identical ? 0 : 1;

// The cluster of every chunk as 0 … k−1 (ML.NET's KMeans numbers its clusters as keys 1 … k).
int[] Clusters(IEstimator<ITransformer> clustering, IDataView rows) =>
    ml.Data.CreateEnumerable<ChunkPrediction>(clustering.Fit(rows).Transform(rows), reuseRowObject: false)
        .Select(p => (int)p.PredictedLabel - 1).ToArray();

static string Sizes(int[] clusters) =>
    "[" + string.Join(", ", Enumerable.Range(0, K).Select(c => clusters.Count(x => x == c)).Select(n => $"{n,4}")) + "]";
