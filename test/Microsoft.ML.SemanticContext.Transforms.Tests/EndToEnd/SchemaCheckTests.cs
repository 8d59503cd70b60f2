using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Clustering;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.EndToEnd;

/// <summary>
/// A missing or mistyped input column anywhere in the pipeline fails at Fit or GetOutputSchema, before any row is read,
/// with a message naming the stage, the column, the expected and the actual type.
/// </summary>
public class SchemaCheckTests
{
    /// <summary>Stories beside a column of another type, so a stage can be pointed at a column of the wrong kind.</summary>
    sealed class ScoredStory
    {
        [ColumnName(ColumnNames.Text)] public string Text { get; set; } = "";
        [ColumnName("score")] public float[] Score { get; set; } = [];
    }

    static CursorCountingView ScoredStories(MLContext ml) => new(ml.Data.LoadFromEnumerable(
        SharedData.CleanStories.Take(50).Select(s => new ScoredStory { Text = s, Score = [s.Length] }).ToList()));

    /// <summary>The four-stage pipeline with the input of stage <paramref name="broken"/> pointed at a wrong column.</summary>
    static EstimatorChain<ClusterTokenTransformer> Pipeline(MLContext ml, string broken) =>
        ml.Transforms.SemanticContext.SegmentSentences(inputColumn: broken == "segment" ? "score" : ColumnNames.Text)
            .Append(ml.Transforms.SemanticContext.MaskEntities(inputColumn: broken == "mask" ? ColumnNames.Text : ColumnNames.Segments))
            .Append(ml.Transforms.SemanticContext.EmbedSegments(inputColumnName: broken == "embed" ? "masked" : ColumnNames.MaskedSegments))
            .Append(ml.Transforms.SemanticContext.AssignClusterTokens(new ClusterTokenOptions
            {
                EmbeddingsColumnName = broken == "cluster" ? ColumnNames.Segments : ColumnNames.Embeddings,
            }));

    public static TheoryData<string, string> BrokenStages => new()
    {
        { "segment", "SegmentSentences: column 'score' must be text (String), but it is Vector<Single>." },
        { "mask", "MaskEntities: column 'text' must be a vector of text (Vector<String>), but it is String." },
        { "embed", "EmbedSegments: input column 'masked' was not found; the data has [text, score, text_segments, text_segments_separators, text_segments_masked]." },
        { "cluster", "AssignClusterTokens: column 'text_segments' must be a vector of Single (Vector<Single>), but it is Vector<String>." },
    };

    [Theory]
    [MemberData(nameof(BrokenStages))]
    public void ABadColumnFailsTheWholePipelineBeforeAnyRowIsRead(string broken, string message)
    {
        var ml = new MLContext(seed: 1);
        var stories = ScoredStories(ml);
        var pipeline = Pipeline(ml, broken);
        Assert.Equal(message, Assert.Throws<SchemaException>(() => pipeline.GetOutputSchema(SchemaShapes.Of(stories.Schema))).Message);
        Assert.Equal(message, Assert.Throws<SchemaException>(() => pipeline.Fit(stories)).Message);
        Assert.Equal(0, stories.Cursors);
    }

    sealed class NumericStory
    {
        [ColumnName(ColumnNames.Text)] public float[] Text { get; set; } = [];
    }

    [Fact]
    public void AFittedPipelineChecksTheDataItIsGivenBeforeReadingIt()
    {
        var ml = new MLContext(seed: 1);
        var model = Pipeline(ml, broken: "none").Fit(ScoredStories(ml));
        var numbers = new CursorCountingView(ml.Data.LoadFromEnumerable([new NumericStory { Text = [1f] }]));
        const string message = "SegmentSentences: column 'text' must be text (String), but it is Vector<Single>.";
        Assert.Equal(message, Assert.Throws<SchemaException>(() => model.GetOutputSchema(numbers.Schema)).Message);
        Assert.Equal(message, Assert.Throws<SchemaException>(() => model.Transform(numbers)).Message);
        var missing = Assert.Throws<SchemaException>(() => model.Transform(ml.Data.LoadFromTexts(["A story."], column: "story")));
        Assert.Equal("SegmentSentences: input column 'text' was not found; the data has [story].", missing.Message);
        Assert.Equal(0, numbers.Cursors);
    }
}
