using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Clustering;
using Microsoft.ML.SemanticContext.Transforms.Embedding;
using Microsoft.ML.SemanticContext.Transforms.Masking;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.EndToEnd;

/// <summary>Every fitted stage says which built-in ran and what it was fitted on; the log and a loaded pipeline say the same.</summary>
public class DescriptionTests
{
    [Fact]
    public void EachStageSaysWhichBuiltInRanAndALoadedPipelineSaysTheSame()
    {
        var ml = new MLContext(seed: 1);
        var log = new LogLines(ml);
        var stories = AnnotationPipeline.Stories(ml, count: 200);
        var model = AnnotationPipeline.Build(ml).Fit(stories);
        var segment = Assert.IsType<SentenceSegmentTransformer>(model.ElementAt(0));
        var mask = Assert.IsType<EntityMaskTransformer>(model.ElementAt(1));
        var embed = Assert.IsType<SegmentEmbeddingTransformer>(model.ElementAt(2));
        var cluster = model.LastTransformer;
        int chunks = model.Transform(stories).GetColumn<string[]>(ColumnNames.Segments).Sum(c => c.Length);

        Assert.StartsWith("built-in Punkt-style boundary model trained on 200 stories (", segment.Description);
        Assert.StartsWith("built-in name statistics over 200 stories (", mask.Description);
        Assert.EndsWith("no names list); no NER model", mask.Description);
        Assert.Matches($@"^built-in TF-IDF \+ truncated SVD \({embed.Embedder.Dimension}-d, \d+ terms\) fitted on {chunks} chunks$", embed.Description);
        Assert.Equal($"built-in K-Means: 5 centroids of {embed.Embedder.Dimension} dimensions, each chunk to its nearest; tokens prepended", cluster.Description);
        Assert.Contains($"segmenter: {segment.Description}", log.Lines);
        Assert.Contains($"masker: {mask.Description}", log.Lines);
        Assert.Contains($"embedder: {embed.Description}", log.Lines);

        var path = Path.Combine(TestPaths.TempDir(), "annotator.zip");
        ml.Model.SemanticContext.Save(model, stories.Schema, path);
        Assert.Equal(Descriptions(model), Descriptions(Assert.IsType<TransformerChain<ITransformer>>(new MLContext().Model.SemanticContext.Load(path, out _))));
    }

    static string[] Descriptions(IEnumerable<ITransformer> stages) => stages.Select(stage => stage switch
    {
        SentenceSegmentTransformer s => s.Description,
        EntityMaskTransformer m => m.Description,
        SegmentEmbeddingTransformer e => e.Description,
        ClusterTokenTransformer c => c.Description,
        _ => throw new InvalidOperationException($"unexpected stage {stage.GetType().Name}"),
    }).ToArray();
}
