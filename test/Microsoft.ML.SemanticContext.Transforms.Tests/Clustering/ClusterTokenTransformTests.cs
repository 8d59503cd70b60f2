using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Clustering;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Clustering;

public class ClusterTokenTransformTests
{
    /// <summary>What the cluster stage reads: the story, its chunks and their vectors one after another.</summary>
    sealed class EmbeddedStory
    {
        [ColumnName(ColumnNames.Text)] public string Text { get; set; } = "";
        [ColumnName(ColumnNames.Segments)] public string[] Segments { get; set; } = [];
        [ColumnName(ColumnNames.Embeddings)] public float[] Embeddings { get; set; } = [];
    }

    /// <summary>Stories whose chunks are "Aaa n." / "Bbb n." sentences with embeddings near e₀ or e₁ respectively.</summary>
    static IDataView Rows(MLContext ml, int stories) => ml.Data.LoadFromEnumerable(Enumerable.Range(0, stories).Select(s =>
    {
        string[] chunks = [$"Aaa {s}.", $"Bbb {s}.", $"Aaa again {s}."];
        float jitter = 0.01f * (s % 7);
        return new EmbeddedStory { Text = string.Join(" ", chunks), Segments = chunks, Embeddings = [1, jitter, 0, jitter, 1, 0, 1, 0, jitter] };
    }).ToList());

    [Fact]
    public void AssignsChunksWithSimilarVectorsToTheSameClusterAndAnnotatesTheOriginalText()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.SemanticContext.AssignClusterTokens(k: 2).Fit(Rows(ml, 20));
        var output = ml.Data.CreateEnumerable<AnnotatedStory>(model.Transform(Rows(ml, 20)), reuseRowObject: false).ToList();
        var first = output[0].Clusters;
        Assert.Equal(first[0], first[2]);
        Assert.NotEqual(first[0], first[1]);
        Assert.All(output, r => Assert.Equal(first, r.Clusters));
        Assert.Equal($"<cluster_{first[0]}>Aaa 0.<cluster_{first[1]}> Bbb 0.<cluster_{first[0]}> Aaa again 0.", output[0].Annotated);
        Assert.Equal("Aaa 0. Bbb 0. Aaa again 0.", output[0].Text); // input column untouched
    }

    [Fact]
    public void KLargerThanTheNumberOfChunksNamesBothNumbers()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<InvalidInputException>(() => ml.Transforms.SemanticContext.AssignClusterTokens(k: 7).Fit(Rows(ml, 2)));
        Assert.Contains("k = 7", error.Message);
        Assert.Contains("number of chunks (6)", error.Message);
    }

    [Fact]
    public void VectorsThatDoNotSplitOverTheChunksNameTheRowAndBothCounts()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable([new EmbeddedStory { Text = "A. B.", Segments = ["A.", "B."], Embeddings = [1, 0, 0] }]);
        var error = Assert.Throws<InvalidDataException>(() => ml.Transforms.SemanticContext.AssignClusterTokens(k: 1).Fit(data));
        Assert.Contains("row 0 has 2 chunks in 'text_segments' but 3 values in 'text_segments_masked_emb'", error.Message);
    }

    [Fact]
    public void UnknownPlacementIsRejectedWhenTheStageIsCreated()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.SemanticContext.AssignClusterTokens(k: 2, placement: (Placement)2));
        Assert.Contains("Unknown placement 2", error.Message);
    }

    [Fact]
    public void MissingEmbeddingsColumnNamesItAndTheColumnsThatExist()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.AssignClusterTokens().Fit(ml.Data.LoadFromTexts(["A."])));
        Assert.Equal("AssignClusterTokens: input column 'text_segments' was not found; the data has [text].", error.Message);
    }

    [Fact]
    public void WrongEmbeddingTypeNamesExpectedAndActualTypes()
    {
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(ColumnNames.Text, TextDataViewType.Instance);
        schema.AddColumn(ColumnNames.Segments, new VectorDataViewType(TextDataViewType.Instance));
        schema.AddColumn(ColumnNames.Embeddings, new VectorDataViewType(TextDataViewType.Instance));
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.AssignClusterTokens().GetOutputSchema(SchemaShapes.Of(schema.ToSchema())));
        Assert.Equal("AssignClusterTokens: column 'text_segments_masked_emb' must be a vector of Single (Vector<Single>), but it is Vector<String>.", error.Message);
    }

    [Theory]
    [InlineData(Placement.Prepend)]
    [InlineData(Placement.Postpend)]
    public void SavedAndLoadedStageGivesIdenticalOutput(Placement placement)
    {
        var ml = new MLContext(seed: 3);
        var data = Rows(ml, 30);
        var model = ml.Transforms.SemanticContext.AssignClusterTokens(new ClusterTokenOptions { K = 3, Placement = placement, MiniBatch = true, MiniBatchSize = 8 }).Fit(data);
        var path = Path.Combine(TestPaths.TempDir(), "cluster-tokens.zip");
        ml.Model.SemanticContext.Save(model, data.Schema, path);
        var fresh = new MLContext(seed: 99);
        var loaded = Assert.IsType<ClusterTokenTransformer>(Assert.Single(Assert.IsType<TransformerChain<ITransformer>>(fresh.Model.SemanticContext.Load(path, out _))));
        Assert.Equal(placement, loaded.Placement);
        Assert.Equal(model.Description, loaded.Description);
        var expected = model.Transform(data).GetColumn<string>(ColumnNames.Annotated).ToList();
        Assert.Equal(expected, loaded.Transform(Rows(fresh, 30)).GetColumn<string>(ColumnNames.Annotated).ToList());
    }

    [Fact]
    public void SameSeedGivesTheSameCentroids()
    {
        ClusterTokenTransformer Fit()
        {
            var ml = new MLContext(seed: 5);
            return ml.Transforms.SemanticContext.AssignClusterTokens(k: 3).Fit(Rows(ml, 25));
        }
        var a = Fit();
        var b = Fit();
        for (int c = 0; c < 3; c++) Assert.Equal(a.Centroid(c).ToArray(), b.Centroid(c).ToArray());
    }

    [Fact]
    public void LogsWhichAlgorithmRan()
    {
        var ml = new MLContext(seed: 1);
        var log = new LogLines(ml);
        ml.Transforms.SemanticContext.AssignClusterTokens(k: 2).Fit(Rows(ml, 5));
        Assert.Contains(log.Lines, line => line.StartsWith("clusters: Lloyd K-Means, k = 2, 10 k-means++ restarts, on 15 chunks × 3 dims"));
    }
}
