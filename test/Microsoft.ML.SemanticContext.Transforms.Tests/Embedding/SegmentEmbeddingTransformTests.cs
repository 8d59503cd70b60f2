using System.Numerics.Tensors;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Embedding;
using Xunit;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Embedding;

public class StellaEmbeddingTransformTests
{
    static readonly string[][] Stories =
    [
        ["Once upon a time there was a little dog.", "The dog liked to play in the park."],
        ["Once upon a time there was a little cat.", "The cat liked to sleep in the sun."],
        ["One day <unk> found a big red ball.", "<unk> was very happy and played all day."],
        ["Once upon a time there was a big bird.", "The bird liked to sing in the tree."],
        ["One day <unk> found a shiny rock.", "<unk> was very happy and showed it to mom."],
        ["The end came and they all went home happy.", "And they lived happily ever after."],
        ["They all went home happy.", "The end."],
    ];

    static InMemoryDataView Masked(IEnumerable<string[]> stories) =>
        new(new DataSchema([new SchemaColumn(ColumnNames.MaskedSegments, ColumnType.TextVector)]),
            stories.Select((chunks, i) => new DataRow(i, new Dictionary<string, object> { [ColumnNames.MaskedSegments] = chunks })).ToList());

    [Fact]
    public void IdfAndSublinearWeightsMatchHandComputedValues()
    {
        // 3 chunks; "the" is in all 3 → idf = ln(4/4) + 1 = 1; "dog" in 1 → ln(4/2) + 1; "cat" in 2 → ln(4/3) + 1.
        var embedder = TfidfSvdEmbedder.Fit(["the dog the dog", "the cat", "the cat"], new TfidfSvdSettings(2, 1, 2, 2, 1));
        Assert.Equal(["cat", "dog", "the"], embedder.Terms);
        var (ids, weights) = embedder.TermWeights("The dog, the DOG and the zebra");
        Assert.Equal([1, 2], ids);
        // dog: (1 + ln 2)·(ln 2 + 1); the: (1 + ln 3)·1; then L2-normalised.
        double dog = (1 + Math.Log(2)) * (Math.Log(2) + 1), the = 1 + Math.Log(3), norm = Math.Sqrt(dog * dog + the * the);
        Assert.Equal(dog / norm, weights[0], 1e-5);
        Assert.Equal(the / norm, weights[1], 1e-5);
    }

    [Fact]
    public void VectorsAreUnitLengthAndSimilarChunksAreCloser()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.SemanticContext.EmbedSegments(dimension: 4).Fit(Masked(Stories));
        var vectors = model.Transform(Masked(Stories)).GetColumn<float[][]>(ColumnNames.Embeddings).ToList();
        Assert.Equal(4, model.Embedder.Dimension);
        Assert.All(vectors.SelectMany(v => v), v => Assert.Equal(1f, TensorPrimitives.Norm(v), 1e-4f));
        float similar = TensorPrimitives.Dot(vectors[2][0], vectors[4][0]);   // "One day <unk> found a ..."
        float different = TensorPrimitives.Dot(vectors[2][0], vectors[5][1]); // "And they lived happily ever after."
        Assert.True(similar > different + 0.2f, $"similar {similar}, different {different}");
    }

    [Fact]
    public void AChunkWithNoKnownWordEmbedsAsZero()
    {
        var model = new MLContext(seed: 1).Transforms.SemanticContext.EmbedSegments(dimension: 3).Fit(Masked(Stories));
        var vector = model.Embedder.Embed(["Zyx qwv!"])[0];
        Assert.Equal(new float[3], vector);
    }

    [Fact]
    public void DimensionIsCappedByTheNumberOfChunksAndLogged()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += log.Add;
        var model = ml.Transforms.SemanticContext.EmbedSegments().Fit(Masked(Stories));
        int terms = ((TfidfSvdEmbedder)model.Embedder).Terms.Count;
        Assert.True(terms > 14);
        Assert.Equal(14, model.Embedder.Dimension); // rank of a 14-chunk TF-IDF matrix
        Assert.Contains(log, l => l.StartsWith($"embedder: built-in TF-IDF + truncated SVD (14-d, {terms} terms) fitted on 14 chunks; Stella ONNX not configured"));
    }

    [Fact]
    public void SavedAndLoadedStageGivesIdenticalVectors()
    {
        var ml = new MLContext(seed: 4);
        var model = ml.Transforms.SemanticContext.EmbedSegments(dimension: 5).Fit(Masked(Stories));
        var path = Path.Combine(Path.GetTempPath(), $"embedding-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, path);
            var loaded = Assert.IsType<StellaEmbeddingTransformer>(new MLContext(seed: 8).Model.Load(path));
            var expected = model.Transform(Masked(Stories)).GetColumn<float[][]>(ColumnNames.Embeddings).SelectMany(v => v).ToList();
            var actual = loaded.Transform(Masked(Stories)).GetColumn<float[][]>(ColumnNames.Embeddings).SelectMany(v => v).ToList();
            Assert.Equal(expected, actual);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void SameSeedGivesIdenticalVectors()
    {
        float[] Fit() => new MLContext(seed: 2).Transforms.SemanticContext.EmbedSegments(dimension: 3).Fit(Masked(Stories)).Embedder.Embed(["the dog liked the sun"])[0];
        Assert.Equal(Fit(), Fit());
    }

    [Fact]
    public void WrongInputTypeNamesColumnAndTypes()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.EmbedSegments(inputColumnName: ColumnNames.Text).Fit(InMemoryDataView.FromTexts(["a"])));
        Assert.Contains("'text' must be of type Vector<Text>, but it is Text", error.Message);
    }

    [Fact]
    public void AReadyEmbedderIsUsedWithoutFitting()
    {
        var ml = new MLContext(seed: 1);
        var fitted = ml.Transforms.SemanticContext.EmbedSegments(dimension: 3).Fit(Masked(Stories)).Embedder;
        var log = new List<string>();
        ml.Log += log.Add;
        var model = ml.Transforms.SemanticContext.EmbedSegments(new StellaEmbeddingOptions { Embedder = fitted }).Fit(Masked([]));
        Assert.Same(fitted, model.Embedder);
        Assert.Single(log);
    }
}
