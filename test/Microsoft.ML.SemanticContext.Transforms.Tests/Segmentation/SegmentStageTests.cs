using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;
using Xunit;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Segmentation;

/// <summary>The segment stage as a pipeline component: columns, schema errors, logging, save and load.</summary>
public class SegmentStageTests
{
    static IDataView Stories(int count) => InMemoryDataView.FromTexts(SharedData.CleanStories.Take(count));

    [Fact]
    public void Writes_chunks_and_separators_and_keeps_the_story_column()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += messages.Add;
        var output = ml.Transforms.SemanticContext.SegmentSentences().Fit(Stories(100)).Transform(Stories(100)).Materialize();
        Assert.Equal(["text", "text_segments", "text_segments_separators"], output.Schema.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.TextVector, output.Schema.Columns[1].Type);
        Assert.Equal(SharedData.CleanStories.Take(100), output.GetColumn<string>(ColumnNames.Text));
        Assert.Contains(messages, m => m.StartsWith("segmenter: built-in Punkt-style boundary model trained on 100 stories") && m.Contains("SaT ONNX not configured"));
        var row = output.Rows[1];
        Assert.Equal(row.Get<string>("text"), StorySegments.Rebuild(row.Get<string[]>("text_segments"), row.Get<string[]>("text_segments_separators")));
    }

    [Fact]
    public void Separators_can_be_left_out()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.SemanticContext.SegmentSentences(new SatSegmentOptions { KeepSeparators = false, OutputColumn = "chunks" });
        var schema = estimator.GetOutputSchema(Stories(1).Schema);
        Assert.Equal(["text", "chunks"], schema.Columns.Select(c => c.Name));
    }

    [Fact]
    public void A_missing_input_column_is_named_in_the_error()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.SegmentSentences(inputColumn: "story").Fit(Stories(3)));
        Assert.Contains("SegmentSentences", error.Message);
        Assert.Contains("'story'", error.Message);
        Assert.Contains("[text]", error.Message);
    }

    [Fact]
    public void A_wrong_input_type_names_the_column_the_expected_and_the_actual_type()
    {
        var ml = new MLContext(seed: 1);
        var segmented = ml.Transforms.SemanticContext.SegmentSentences().Fit(Stories(20)).Transform(Stories(20));
        var error = Assert.Throws<SchemaException>(() =>
            ml.Transforms.SemanticContext.SegmentSentences(inputColumn: ColumnNames.Segments, outputColumn: "again").GetOutputSchema(segmented.Schema));
        Assert.Equal("SegmentSentences: column 'text_segments' must be of type Text, but it is Vector<Text>.", error.Message);
    }

    [Fact]
    public void A_saved_segmenter_loads_in_a_fresh_context_and_gives_identical_chunks()
    {
        var dir = Directory.CreateTempSubdirectory("segment");
        try
        {
            var path = Path.Combine(dir.FullName, "segmenter.zip");
            var ml = new MLContext(seed: 1);
            var fitted = ml.Transforms.SemanticContext.SegmentSentences(sentencesPerSegment: 1).Fit(Stories(1000));
            ml.Model.Save(fitted, path);

            var loaded = new MLContext(seed: 2).Model.Load(path);
            var loadedSegmenter = Assert.IsType<SatSegmentTransformer>(loaded);
            Assert.Equal(1, loadedSegmenter.SentencesPerSegment);
            var expected = fitted.Transform(Stories(1000)).GetColumn<string[]>(ColumnNames.Segments).ToList();
            var actual = loaded.Transform(Stories(1000)).GetColumn<string[]>(ColumnNames.Segments).ToList();
            Assert.Equal(expected, actual);

            using var zip = ZipFile.OpenRead(path);
            var manifest = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!;
            var stage = manifest["stages"]![0]!;
            Assert.Equal("SatSegment", stage["typeId"]!.GetValue<string>());
            Assert.Equal(1, stage["options"]!["sentencesPerSegment"]!.GetValue<int>());
            Assert.Equal("punkt", stage["options"]!["splitter"]!.GetValue<string>());
            Assert.NotNull(zip.GetEntry($"{stage["folder"]}/punkt.json"));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Saving_the_same_fit_twice_gives_the_same_boundary_model_file()
    {
        var ml = new MLContext(seed: 1);
        var a = (PunktSentenceSplitter)ml.Transforms.SemanticContext.SegmentSentences().Fit(Stories(300)).Splitter;
        var b = (PunktSentenceSplitter)ml.Transforms.SemanticContext.SegmentSentences().Fit(Stories(300)).Splitter;
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(a.Parameters.Orthography.OrderBy(p => p.Key, StringComparer.Ordinal)),
            System.Text.Json.JsonSerializer.Serialize(b.Parameters.Orthography.OrderBy(p => p.Key, StringComparer.Ordinal)));
        Assert.Equal(a.Parameters.Abbreviations.Order(), b.Parameters.Abbreviations.Order());
    }

    [Fact]
    public void A_given_splitter_is_used_instead_of_training_one()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += messages.Add;
        var ready = TrainedSegmenter.Sentences.Splitter;
        var fitted = ml.Transforms.SemanticContext.SegmentSentences(new SatSegmentOptions { Splitter = ready, SentencesPerSegment = 1 }).Fit(Stories(2));
        Assert.Same(ready, fitted.Splitter);
        Assert.Equal($"segmenter: {ready.Description}", Assert.Single(messages));
    }
}
