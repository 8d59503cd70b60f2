using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Mapping;

namespace Microsoft.ML.SemanticContext.Core.Tests;

/// <summary>The stages as ML.NET transformers: streaming order, pass-through, typed reads, prediction engine, schema errors.</summary>
public class RowMappingTests
{
    sealed class Row
    {
        [ColumnName("text")] public string Text { get; set; } = "";
        [ColumnName("w_words")] public string[] Words { get; set; } = [];
        [ColumnName("w_upper")] public string Upper { get; set; } = "";
        [ColumnName("w_lengths")] public int[] Lengths { get; set; } = [];
    }

    static List<string> Texts(int count) =>
        Enumerable.Range(0, count).Select(i => string.Join(' ', Enumerable.Range(0, 1 + i % 7).Select(j => new string((char)('a' + (i + j) % 26), 1 + j)))).ToList();

    [Fact]
    public void TransformStreamsManyRowsInOrderAcrossBatches()
    {
        var ml = new MLContext(seed: 1);
        var texts = Texts(3 * RowMappingTransformer.BatchSize + 17);
        var data = ml.Data.LoadFromTexts(texts);
        var output = new WordsTransformer(ml, ColumnNames.Text, "w").Transform(data);
        var rows = ml.Data.CreateEnumerable<Row>(output, reuseRowObject: false).ToList();
        Assert.Equal(texts, rows.Select(r => r.Text));
        Assert.Equal(texts.Select(t => t.ToUpperInvariant()), rows.Select(r => r.Upper));
        Assert.Equal(texts.Select(t => t.Split(' ')), rows.Select(r => r.Words));
        Assert.Equal(texts.Select(t => t.Split(' ').Select(w => w.Length).ToArray()), rows.Select(r => r.Lengths));
        Assert.Equal(texts.Count, output.GetRowCount());
    }

    [Fact]
    public void VectorColumnsPassThroughLaterStagesUnchanged()
    {
        var ml = new MLContext(seed: 1);
        var texts = Texts(RowMappingTransformer.BatchSize + 3);
        var data = ml.Data.LoadFromTexts(texts);
        var model = new WordsTransformer(ml, ColumnNames.Text, "w")
            .Append(new LengthRatioEstimator(ml, "w_upper", "ratio"))
            .Fit(data);
        var output = model.Transform(data);
        // The words were computed by the first stage and read through the second stage's batch cursor.
        Assert.Equal(texts.Select(t => t.Split(' ')), output.GetColumn<string[]>("w_words"));
        int longest = texts.Max(t => t.Length);
        Assert.Equal(texts.Select(t => t.Length / (float)longest), output.GetColumn<float[]>("ratio").Select(v => Assert.Single(v)));
        var type = Assert.IsType<VectorDataViewType>(output.Schema["ratio"].Type);
        Assert.Equal([0, 1], type.Dimensions.ToArray());
    }

    [Fact]
    public void ReadingOnlyInputColumnsMapsNothing()
    {
        var ml = new MLContext(seed: 1);
        var stage = new WordsTransformer(ml, ColumnNames.Text, "w");
        var output = stage.Transform(ml.Data.LoadFromTexts(Texts(50)));
        Assert.Equal(50, output.GetColumn<string>(ColumnNames.Text).Count());
        Assert.Equal(0, stage.RowsMapped);
        Assert.Equal(50, output.GetColumn<string>("w_upper").Count());
        Assert.Equal(50, stage.RowsMapped);
    }

    [Fact]
    public void PredictionEngineMapsSingleStoriesThroughAChain()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTexts(["a bb ccc", "dddd"]);
        var model = new WordsTransformer(ml, ColumnNames.Text, "w").Append(new LengthRatioEstimator(ml, "w_upper", "ratio")).Fit(data);
        var engine = ml.Model.CreatePredictionEngine<Story, RatioRow>(model);
        var first = engine.Predict(new Story { Text = "xy z" });
        Assert.Equal(["xy", "z"], first.Words);
        Assert.Equal(4 / 8f, Assert.Single(first.Ratio));
        var second = engine.Predict(new Story { Text = "eight ch" });
        Assert.Equal(1f, Assert.Single(second.Ratio));
    }

    sealed class RatioRow
    {
        [ColumnName("w_words")] public string[] Words { get; set; } = [];
        [ColumnName("ratio")] public float[] Ratio { get; set; } = [];
    }

    [Fact]
    public void CacheCheckpointFitsLaterStagesWithoutRemapping()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTexts(Texts(100));
        var words = new WordsTransformer(ml, ColumnNames.Text, "w");
        var model = words.AppendCacheCheckpoint(ml).Append(new LengthRatioEstimator(ml, "w_upper", "ratio")).Fit(data);
        Assert.Equal(100, model.Transform(data).GetColumn<float[]>("ratio").Count());
    }

    [Fact]
    public void SchemaErrorsNameColumnAndTypesBeforeAnyRowIsRead()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTexts(["a b"]);
        var missing = Assert.Throws<SchemaException>(() => new LengthRatioEstimator(ml, "missing", "out").Append(new WordsTransformer(ml, "x", "y")).Fit(data));
        Assert.Contains("'missing'", missing.Message);
        Assert.Contains("[text]", missing.Message);

        var ratio = new LengthRatioEstimator(ml, ColumnNames.Text, "ratio").Fit(data).Transform(data);
        var stage = new WordsTransformer(ml, "ratio", "x");
        var wrong = Assert.Throws<SchemaException>(() => stage.Transform(ratio));
        Assert.Contains("'ratio'", wrong.Message);
        Assert.Contains("text (String)", wrong.Message);
        Assert.Contains("Vector<Single", wrong.Message);
        Assert.Equal(0, stage.RowsMapped);

        // The same check on the estimator's SchemaShape, as EstimatorChain.Fit runs it before fitting anything.
        var estimator = new LengthRatioEstimator(ml, ColumnNames.Text, "ratio");
        var chain = estimator.Append(new WordsTransformer(ml, "ratio", "x"));
        var shapeError = Assert.Throws<SchemaException>(() => chain.Fit(data));
        Assert.Contains("Vector<Single>", shapeError.Message);
        Assert.Equal(0, estimator.FitCalls);
    }

    [Fact]
    public void WrongTypedGetterIsRefusedWithTheColumnsType()
    {
        var ml = new MLContext(seed: 1);
        var output = new WordsTransformer(ml, ColumnNames.Text, "w").Transform(ml.Data.LoadFromTexts(["a b"]));
        var e = Assert.ThrowsAny<Exception>(() => output.GetColumn<float[]>("w_words").ToList());
        Assert.Contains("w_words", e.Message);
    }

    [Fact]
    public void SchemaShapeOfASchemaMatchesMLNetsOwn()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromTexts(["a b"]);
        var output = new WordsTransformer(ml, ColumnNames.Text, "w").Transform(data);
        var shape = SchemaShapes.Of(output.Schema);
        var fromMLNet = ml.Transforms.CopyColumns("copy", ColumnNames.Text).GetOutputSchema(SchemaShapes.Of(output.Schema));
        Assert.Equal(output.Schema.Select(c => c.Name), shape.Select(c => c.Name));
        Assert.Equal(SchemaShape.Column.VectorKind.VariableVector, shape.Single(c => c.Name == "w_words").Kind);
        Assert.Equal(shape.Count + 1, fromMLNet.Count);
    }
}
