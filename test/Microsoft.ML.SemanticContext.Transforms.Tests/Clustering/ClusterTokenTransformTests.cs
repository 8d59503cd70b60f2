using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Clustering;
using Xunit;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Clustering;

public class ClusterTokenTransformTests
{
    /// <summary>Stories whose chunks are "Aaa n." / "Bbb n." sentences with embeddings near e₀ or e₁ respectively.</summary>
    internal static InMemoryDataView Rows(int stories)
    {
        var schema = new DataSchema([
            new SchemaColumn(ColumnNames.Text, ColumnType.Text),
            new SchemaColumn(ColumnNames.Segments, ColumnType.TextVector),
            new SchemaColumn(ColumnNames.Embeddings, ColumnType.EmbeddingVector),
        ]);
        var rows = new List<DataRow>();
        for (int s = 0; s < stories; s++)
        {
            string[] chunks = [$"Aaa {s}.", $"Bbb {s}.", $"Aaa again {s}."];
            float jitter = 0.01f * (s % 7);
            float[][] vectors = [[1, jitter, 0], [jitter, 1, 0], [1, 0, jitter]];
            rows.Add(new DataRow(s, new Dictionary<string, object>
            {
                [ColumnNames.Text] = string.Join(" ", chunks),
                [ColumnNames.Segments] = chunks,
                [ColumnNames.Embeddings] = vectors,
            }));
        }
        return new InMemoryDataView(schema, rows);
    }

    [Fact]
    public void AssignsChunksWithSimilarVectorsToTheSameClusterAndAnnotatesTheOriginalText()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.SemanticContext.AssignClusterTokens(k: 2).Fit(Rows(20));
        var output = model.Transform(Rows(20)).Materialize().Rows;
        var first = output[0].Get<int[]>(ColumnNames.ClusterIds);
        Assert.Equal(first[0], first[2]);
        Assert.NotEqual(first[0], first[1]);
        Assert.All(output, r => Assert.Equal(first, r.Get<int[]>(ColumnNames.ClusterIds)));
        Assert.Equal($"<cluster_{first[0]}> Aaa 0. <cluster_{first[1]}> Bbb 0. <cluster_{first[0]}> Aaa again 0.", output[0].Get<string>(ColumnNames.Annotated));
        Assert.Equal("Aaa 0. Bbb 0. Aaa again 0.", output[0].Get<string>(ColumnNames.Text)); // input column untouched
    }

    [Fact]
    public void KLargerThanTheNumberOfChunksNamesBothNumbers()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<ArgumentException>(() => ml.Transforms.SemanticContext.AssignClusterTokens(k: 7).Fit(Rows(2)));
        Assert.Contains("k = 7", error.Message);
        Assert.Contains("number of chunks (6)", error.Message);
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
        var error = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.AssignClusterTokens().Fit(InMemoryDataView.FromTexts(["A."])));
        Assert.Contains("'text_segments'", error.Message);
    }

    [Fact]
    public void WrongEmbeddingTypeNamesExpectedAndActualTypes()
    {
        var schema = new DataSchema([
            new SchemaColumn(ColumnNames.Text, ColumnType.Text),
            new SchemaColumn(ColumnNames.Segments, ColumnType.TextVector),
            new SchemaColumn(ColumnNames.Embeddings, ColumnType.TextVector),
        ]);
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.AssignClusterTokens().GetOutputSchema(schema));
        Assert.Contains("text_segments_masked_emb", error.Message);
        Assert.Contains("Vector<Vector<Single>>", error.Message);
        Assert.Contains("Vector<Text>", error.Message);
    }

    [Theory]
    [InlineData(Placement.Prepend)]
    [InlineData(Placement.Postpend)]
    public void SavedAndLoadedStageGivesIdenticalOutput(Placement placement)
    {
        var ml = new MLContext(seed: 3);
        var model = ml.Transforms.SemanticContext.AssignClusterTokens(new ClusterTokenOptions { K = 3, Placement = placement, MiniBatch = true, MiniBatchSize = 8 }).Fit(Rows(30));
        var path = Path.Combine(Path.GetTempPath(), $"cluster-tokens-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, path);
            var loaded = Assert.IsType<ClusterTokenTransformer>(new MLContext(seed: 99).Model.Load(path));
            Assert.Equal(placement, loaded.Placement);
            var expected = model.Transform(Rows(30)).GetColumn<string>(ColumnNames.Annotated).ToList();
            Assert.Equal(expected, loaded.Transform(Rows(30)).GetColumn<string>(ColumnNames.Annotated).ToList());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void SameSeedGivesTheSameCentroids()
    {
        ClusterTokenTransformer Fit() => new MLContext(seed: 5).Transforms.SemanticContext.AssignClusterTokens(k: 3).Fit(Rows(25));
        var a = Fit();
        var b = Fit();
        for (int c = 0; c < 3; c++) Assert.Equal(a.Centroid(c).ToArray(), b.Centroid(c).ToArray());
    }

    [Fact]
    public void LogsWhichAlgorithmRan()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += log.Add;
        ml.Transforms.SemanticContext.AssignClusterTokens(k: 2).Fit(Rows(5));
        Assert.Contains(log, line => line.StartsWith("clusters: Lloyd K-Means, k = 2, 10 k-means++ restarts, on 15 chunks × 3 dims"));
    }
}
