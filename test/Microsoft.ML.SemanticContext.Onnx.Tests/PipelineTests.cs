using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Onnx.Embedding;
using Microsoft.ML.SemanticContext.Onnx.Masking;
using Microsoft.ML.SemanticContext.Onnx.Segmentation;
using Microsoft.ML.SemanticContext.Transforms.Embedding;
using Microsoft.ML.SemanticContext.Transforms.Masking;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;
using static Microsoft.ML.SemanticContext.Onnx.Tests.OnnxFixtures;

namespace Microsoft.ML.SemanticContext.Onnx.Tests;

/// <summary>The three ONNX stages in one pipeline: fit, transform, save, load in a fresh context, same output.</summary>
public class PipelineTests
{
    static readonly string[] Stories =
    [
        Expected.GetProperty("sat").GetProperty("text").GetString()!,
        "Mia smiled and hugged her friend Ben. They played in the park all day. She was happy and he was happy too.",
        "Tom and Sue went to the store. They wanted to buy some candy, but the store was closed. Mom said we will come back tomorrow.",
    ];

    static ITransformer Fit(MLContext ml, string sat, string ner, string embedder, bool embed, IDataView stories) =>
        ml.Transforms.SemanticContext.SegmentSentences(new SentenceSegmentOptions
            {
                SentencesPerSegment = 1,
                Splitter = SatSentenceSplitter.Open(ml, sat, new SatOptions { Threshold = 0.25f, BlockSize = 16, Stride = 6, EmbedModelInArchive = embed }),
            })
            .Append(ml.Transforms.SemanticContext.MaskEntities(new EntityMaskOptions { NameRecognizer = OnnxNameRecognizer.Open(ml, ner, embed) }))
            .Append(ml.Transforms.SemanticContext.EmbedSegments(new SegmentEmbeddingOptions { Embedder = OnnxSentenceEmbedder.Open(ml, embedder, new OnnxEmbedderOptions { EmbedModelInArchive = embed }) }))
            .Append(ml.Transforms.SemanticContext.AssignClusterTokens(k: 2))
            .Fit(stories);

    static (string[][] Masked, float[][] Vectors, string[] Annotated) Outputs(ITransformer model, IDataView stories)
    {
        var output = model.Transform(stories);
        return (StoryRows.TextVectors(output, ColumnNames.MaskedSegments).ToArray(),
                StoryRows.Read(output, new InputColumn(ColumnNames.Embeddings, StoryColumnKind.SingleVector)).Select(v => (float[])v[0]).ToArray(),
                StoryRows.Texts(output, ColumnNames.Annotated).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SaveAndLoadGiveIdenticalOutputs(bool embedModels)
    {
        var folders = new[] { Sat, Ner, Embedder }.Select(CopyOf).ToArray();
        var ml = new MLContext(1);
        var log = Log(ml);
        var stories = ml.Data.LoadFromTexts(Stories);
        var model = Fit(ml, folders[0], folders[1], folders[2], embedModels, stories);
        var before = Outputs(model, stories);
        var zip = Path.Combine(TestPaths.TempDir(), "annotator.zip");
        ml.Model.SemanticContext.Save(model, stories.Schema, zip);
        Assert.Contains(log, l => l.StartsWith("segmenter: SaT through ONNX"));
        Assert.Contains(log, l => l.StartsWith("embedder: ONNX sentence embedder"));
        Assert.Contains(before.Masked[1], chunk => chunk.Contains("<unk>"));

        if (embedModels) foreach (var f in folders) Directory.Delete(f, recursive: true); // the archive alone suffices
        var loaded = new MLContext(2).Model.SemanticContext.Load(zip, out _);
        var after = Outputs(loaded, new MLContext(2).Data.LoadFromTexts(Stories));
        Assert.Equal(before.Masked, after.Masked);
        Assert.Equal(before.Vectors, after.Vectors);
        Assert.Equal(before.Annotated, after.Annotated);
    }

    [Fact]
    public void AReferencedModelFileThatChangedOrVanishedIsNamedOnLoad()
    {
        var folder = CopyOf(Embedder);
        var ml = new MLContext(1);
        var stories = ml.Data.LoadFromTexts(Stories);
        var model = ml.Transforms.SemanticContext.SegmentSentences(1)
            .Append(ml.Transforms.SemanticContext.MaskEntities())
            .Append(ml.Transforms.SemanticContext.EmbedSegments(new SegmentEmbeddingOptions { Embedder = OnnxSentenceEmbedder.Open(ml, folder) }))
            .Fit(stories);
        var zip = Path.Combine(TestPaths.TempDir(), "annotator.zip");
        ml.Model.SemanticContext.Save(model, stories.Schema, zip);

        File.AppendAllText(Path.Combine(folder, "vocab.txt"), "zebra\n");
        var changed = Assert.Throws<InvalidDataException>(() => new MLContext(1).Model.SemanticContext.Load(zip, out _));
        Assert.Contains("vocab.txt' has changed since the pipeline was saved", changed.Message);

        File.Delete(Path.Combine(folder, "vocab.txt"));
        var missing = Assert.Throws<FileNotFoundException>(() => new MLContext(1).Model.SemanticContext.Load(zip, out _));
        Assert.Contains("vocab.txt', which the pipeline was saved with, but it no longer exists", missing.Message);
    }
}
