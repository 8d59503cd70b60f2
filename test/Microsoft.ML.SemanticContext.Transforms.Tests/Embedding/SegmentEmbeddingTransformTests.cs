using System.Numerics.Tensors;
using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Embedding;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Embedding;

public class SegmentEmbeddingTransformTests
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

    /// <summary>A story's masked chunks, as the embedding stage reads them.</summary>
    sealed class MaskedStory
    {
        [ColumnName(ColumnNames.MaskedSegments)] public string[] Masked { get; set; } = [];
    }

    static IDataView Masked(MLContext ml, IEnumerable<string[]> stories) =>
        ml.Data.LoadFromEnumerable(stories.Select(chunks => new MaskedStory { Masked = chunks }).ToList());

    /// <summary>Each story's vectors as ML.NET hands them out: one float[] of chunks × d values.</summary>
    static List<float[]> Vectors(ITransformer model, IDataView data) => model.Transform(data).GetColumn<float[]>(ColumnNames.Embeddings).ToList();

    [Fact]
    public void TheColumnHoldsEachStorysChunkVectorsOneAfterAnother()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.SemanticContext.EmbedSegments(dimension: 4).Fit(Masked(ml, Stories));
        var output = model.Transform(Masked(ml, Stories));
        var type = Assert.IsType<VectorDataViewType>(output.Schema[ColumnNames.Embeddings].Type);
        Assert.Equal(NumberDataViewType.Single, type.ItemType);
        Assert.Equal([0, 4], type.Dimensions.ToArray());
        var vectors = Vectors(model, Masked(ml, Stories));
        Assert.Equal(Stories.Select(s => s.Length * 4), vectors.Select(v => v.Length));
        // The same values the embedder gives for the story's chunks on their own.
        for (int s = 0; s < Stories.Length; s++) Assert.Equal(model.Embedder.Embed(Stories[s]), vectors[s]);
    }

    [Fact]
    public void VectorsAreUnitLengthAndSimilarChunksAreCloser()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.SemanticContext.EmbedSegments(dimension: 4).Fit(Masked(ml, Stories));
        var vectors = Vectors(model, Masked(ml, Stories));
        Assert.Equal(4, model.Embedder.Dimension);
        Assert.All(vectors.SelectMany(v => v.Chunk(4)), v => Assert.Equal(1f, TensorPrimitives.Norm(v), 1e-4f));
        float similar = TensorPrimitives.Dot(Chunk(vectors[2], 0, 4), Chunk(vectors[4], 0, 4));   // "One day <unk> found a ..."
        float different = TensorPrimitives.Dot(Chunk(vectors[2], 0, 4), Chunk(vectors[5], 1, 4)); // "And they lived happily ever after."
        Assert.True(similar > different + 0.2f, $"similar {similar}, different {different}");
    }

    static ReadOnlySpan<float> Chunk(float[] story, int chunk, int dimension) => story.AsSpan(chunk * dimension, dimension);

    [Fact]
    public void AChunkWithNoKnownWordEmbedsAsZero()
    {
        var ml = new MLContext(seed: 1);
        var model = ml.Transforms.SemanticContext.EmbedSegments(dimension: 3).Fit(Masked(ml, Stories));
        Assert.Equal(new float[3], model.Embedder.Embed(["Zyx qwv!"]));
    }

    [Fact]
    public void DimensionIsCappedByTheNumberOfChunksAndLogged()
    {
        var ml = new MLContext(seed: 1);
        var log = new LogLines(ml);
        var model = ml.Transforms.SemanticContext.EmbedSegments().Fit(Masked(ml, Stories));
        int terms = ((TfidfSvdEmbedder)model.Embedder).Tfidf.Terms.Count;
        Assert.True(terms > 14);
        Assert.Equal(14, model.Embedder.Dimension); // rank of a 14-chunk TF-IDF matrix
        Assert.Equal([0, 14], ((VectorDataViewType)model.GetOutputSchema(Masked(ml, Stories).Schema)[ColumnNames.Embeddings].Type).Dimensions.ToArray());
        Assert.Equal($"embedder: built-in TF-IDF + truncated SVD (14-d, {terms} terms) fitted on 14 chunks", Assert.Single(log.Lines));
    }

    [Fact]
    public void SavedAndLoadedStageGivesIdenticalVectors()
    {
        var ml = new MLContext(seed: 4);
        var data = Masked(ml, Stories);
        var model = ml.Transforms.SemanticContext.EmbedSegments(dimension: 5).Fit(data);
        var path = Path.Combine(TestPaths.TempDir(), "embedding.zip");
        ml.Model.SemanticContext.Save(model, data.Schema, path);
        var fresh = new MLContext(seed: 8);
        var loaded = fresh.Model.SemanticContext.Load(path, out var schema);
        Assert.IsType<SegmentEmbeddingTransformer>(Assert.Single(Assert.IsType<TransformerChain<ITransformer>>(loaded)));
        Assert.Equal(Vectors(model, data), Vectors(loaded, Masked(fresh, Stories)));
        Assert.Equal([ColumnNames.MaskedSegments], schema!.Select(c => c.Name));
    }

    [Fact]
    public void SameSeedGivesIdenticalVectors()
    {
        float[] Fit()
        {
            var ml = new MLContext(seed: 2);
            return ml.Transforms.SemanticContext.EmbedSegments(dimension: 3).Fit(Masked(ml, Stories)).Embedder.Embed(["the dog liked the sun"]);
        }
        Assert.Equal(Fit(), Fit());
    }

    [Fact]
    public void WrongInputTypeNamesColumnAndTypes()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.EmbedSegments(inputColumnName: ColumnNames.Text).Fit(ml.Data.LoadFromTexts(["a"])));
        Assert.Equal("EmbedSegments: column 'text' must be a vector of text (Vector<String>), but it is String.", error.Message);
    }

    [Fact]
    public void AReadyEmbedderIsUsedWithoutFitting()
    {
        var ml = new MLContext(seed: 1);
        var fitted = ml.Transforms.SemanticContext.EmbedSegments(dimension: 3).Fit(Masked(ml, Stories)).Embedder;
        var log = new LogLines(ml);
        var model = ml.Transforms.SemanticContext.EmbedSegments(new SegmentEmbeddingOptions { Embedder = fitted }).Fit(Masked(ml, []));
        Assert.Same(fitted, model.Embedder);
        Assert.Equal($"embedder: {fitted.Description}", Assert.Single(log.Lines));
    }
}
