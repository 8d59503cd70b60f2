using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Segmentation;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Segmentation;

/// <summary>The segment stage as a pipeline component: columns, schema errors, logging, save and load.</summary>
public class SegmentStageTests
{
    static IDataView Stories(MLContext ml, int count) => ml.Data.LoadFromTexts(SharedData.CleanStories.Take(count));

    sealed class SegmentedRow
    {
        [ColumnName(ColumnNames.Text)] public string Text { get; set; } = "";
        [ColumnName(ColumnNames.Segments)] public string[] Segments { get; set; } = [];
        [ColumnName(ColumnNames.Segments + SentenceSegmentDefaults.SeparatorsSuffix)] public string[] Separators { get; set; } = [];
    }

    [Fact]
    public void Writes_chunks_and_separators_and_keeps_the_story_column()
    {
        var ml = new MLContext(seed: 1);
        var log = new LogLines(ml);
        var output = ml.Transforms.SemanticContext.SegmentSentences().Fit(Stories(ml, 100)).Transform(Stories(ml, 100));
        Assert.Equal(["text", "text_segments", "text_segments_separators"], output.Schema.Select(c => c.Name));
        var chunks = Assert.IsType<VectorDataViewType>(output.Schema[ColumnNames.Segments].Type);
        Assert.IsType<TextDataViewType>(chunks.ItemType);
        Assert.Equal(0, chunks.Size);
        Assert.Equal(SharedData.CleanStories.Take(100), output.GetColumn<string>(ColumnNames.Text));
        Assert.Contains(log.Lines, m => m.StartsWith("segmenter: built-in Punkt-style boundary model trained on 100 stories"));
        var rows = ml.Data.CreateEnumerable<SegmentedRow>(output, reuseRowObject: false).ToList();
        Assert.All(rows, row => Assert.Equal(row.Text, StorySegments.Rebuild(row.Segments, row.Separators)));
        Assert.True(rows.Sum(r => r.Segments.Length) > 2 * rows.Count);
    }

    sealed class ProgressLog : IProgress<ProgressEvent>
    {
        public List<ProgressEvent> Events { get; } = [];
        public void Report(ProgressEvent value) { lock (Events) Events.Add(value); }
    }

    [Fact]
    public void Fitting_reports_progress_up_to_the_number_of_training_stories()
    {
        var progress = new ProgressLog();
        var ml = new MLContext(seed: 1) { Progress = progress };
        ml.Transforms.SemanticContext.SegmentSentences(new SentenceSegmentOptions { MaxTrainingStories = 3000 }).Fit(Stories(ml, 5000));
        var last = progress.Events[^1];
        Assert.Equal("segment: training boundary model", last.Stage);
        Assert.Equal(3000, last.Done);
        Assert.Equal(3000, last.Total);
    }

    [Fact]
    public void Separators_can_be_left_out()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.SemanticContext.SegmentSentences(new SentenceSegmentOptions { KeepSeparators = false, OutputColumn = "chunks" });
        var shape = estimator.GetOutputSchema(SchemaShapes.Of(Stories(ml, 1).Schema));
        Assert.Equal(["text", "chunks"], shape.Select(c => c.Name));
        Assert.Equal(["text", "chunks"], estimator.Fit(Stories(ml, 20)).Transform(Stories(ml, 20)).Schema.Select(c => c.Name));
    }

    [Fact]
    public void A_missing_input_column_is_named_in_the_error()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.SegmentSentences(inputColumn: "story").Fit(Stories(ml, 3)));
        Assert.Equal("SegmentSentences: input column 'story' was not found; the data has [text].", error.Message);
    }

    [Fact]
    public void A_wrong_input_type_names_the_column_the_expected_and_the_actual_type()
    {
        var ml = new MLContext(seed: 1);
        var segmented = ml.Transforms.SemanticContext.SegmentSentences().Fit(Stories(ml, 20)).Transform(Stories(ml, 20));
        var again = ml.Transforms.SemanticContext.SegmentSentences(inputColumn: ColumnNames.Segments, outputColumn: "again");
        var error = Assert.Throws<SchemaException>(() => again.GetOutputSchema(SchemaShapes.Of(segmented.Schema)));
        Assert.Equal("SegmentSentences: column 'text_segments' must be text (String), but it is Vector<String>.", error.Message);
        Assert.Equal(error.Message, Assert.Throws<SchemaException>(() => again.Fit(segmented)).Message);
    }

    [Fact]
    public void A_saved_segmenter_loads_in_a_fresh_context_and_gives_identical_chunks()
    {
        var path = Path.Combine(TestPaths.TempDir(), "segmenter.zip");
        var ml = new MLContext(seed: 1);
        var stories = Stories(ml, 1000);
        var fitted = ml.Transforms.SemanticContext.SegmentSentences(sentencesPerSegment: 1).Fit(stories);
        ml.Model.SemanticContext.Save(fitted, stories.Schema, path);

        var fresh = new MLContext(seed: 2);
        var loaded = fresh.Model.SemanticContext.Load(path, out var schema);
        var loadedSegmenter = Assert.IsType<SentenceSegmentTransformer>(Assert.Single(Assert.IsType<TransformerChain<ITransformer>>(loaded)));
        Assert.Equal(1, loadedSegmenter.SentencesPerSegment);
        Assert.Equal(fitted.Description, loadedSegmenter.Description);
        Assert.Equal([ColumnNames.Text], schema!.Select(c => c.Name));
        var expected = fitted.Transform(stories).GetColumn<string[]>(ColumnNames.Segments).ToList();
        var actual = loaded.Transform(Stories(fresh, 1000)).GetColumn<string[]>(ColumnNames.Segments).ToList();
        Assert.Equal(expected, actual);

        using var zip = ZipFile.OpenRead(path);
        var manifest = JsonNode.Parse(zip.GetEntry("manifest.json")!.Open())!;
        var stage = manifest["stages"]![0]!;
        Assert.Equal(SentenceSegmentTransformer.TypeId, stage["typeId"]!.GetValue<string>());
        Assert.Equal(1, stage["options"]!["sentencesPerSegment"]!.GetValue<int>());
        Assert.Equal("punkt", stage["options"]!["splitter"]!["typeId"]!.GetValue<string>());
        Assert.NotNull(zip.GetEntry($"{stage["folder"]}/punkt.json"));
    }

    [Fact]
    public void Saving_the_same_fit_twice_gives_the_same_boundary_model_file()
    {
        var ml = new MLContext(seed: 1);
        var a = (PunktSentenceSplitter)ml.Transforms.SemanticContext.SegmentSentences().Fit(Stories(ml, 300)).Splitter;
        var b = (PunktSentenceSplitter)ml.Transforms.SemanticContext.SegmentSentences().Fit(Stories(ml, 300)).Splitter;
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(a.Parameters.Orthography.OrderBy(p => p.Key, StringComparer.Ordinal)),
            System.Text.Json.JsonSerializer.Serialize(b.Parameters.Orthography.OrderBy(p => p.Key, StringComparer.Ordinal)));
        Assert.Equal(a.Parameters.Abbreviations.Order(), b.Parameters.Abbreviations.Order());
    }

    [Fact]
    public void A_given_splitter_is_used_instead_of_training_one()
    {
        var ml = new MLContext(seed: 1);
        var log = new LogLines(ml);
        var ready = TrainedSegmenter.Sentences.Splitter;
        var fitted = ml.Transforms.SemanticContext.SegmentSentences(new SentenceSegmentOptions { Splitter = ready, SentencesPerSegment = 1 }).Fit(Stories(ml, 2));
        Assert.Same(ready, fitted.Splitter);
        Assert.Equal($"segmenter: {ready.Description}", Assert.Single(log.Lines));
    }
}
