using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using static Microsoft.ML.SemanticContext.Trainers.Tests.CausalLmTestData;

namespace Microsoft.ML.SemanticContext.Trainers.Tests;

/// <summary>Missing and mistyped columns fail before any row is read, naming the column, the expected and the actual type.</summary>
public class CausalLmSchemaTests
{
    sealed class NumberRow
    {
        [ColumnName("story")]
        public float Value { get; set; }
    }

    /// <summary>A view with a schema whose rows cannot be read: a fit that opens a cursor fails with another error.</summary>
    sealed class UnreadableView(DataViewSchema schema) : IDataView
    {
        public DataViewSchema Schema => schema;
        public bool CanShuffle => false;
        public long? GetRowCount() => null;
        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            throw new InvalidOperationException("the data was read");
        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            throw new InvalidOperationException("the data was read");
    }

    static CausalLmTrainer Trainer(MLContext ml, string column)
    {
        var options = Options();
        options.TextColumnName = column;
        return ml.TextGeneration.Trainers.CausalLm(options);
    }

    [Fact]
    public void AMissingTrainingColumnIsNamedWithTheColumnsTheDataHas()
    {
        var ml = new MLContext(seed: 1);
        var data = Annotated(ml);
        var fit = Assert.Throws<SchemaException>(() => Trainer(ml, "story").Fit(new UnreadableView(data.Schema)));
        Assert.Equal("CausalLm: input column 'story' was not found; the data has [text_annotated].", fit.Message);
        var shape = Assert.Throws<SchemaException>(() => Trainer(ml, "story").GetOutputSchema(SchemaShapes.Of(data.Schema)));
        Assert.Equal(fit.Message, shape.Message);
    }

    [Fact]
    public void AMistypedTrainingColumnIsNamedWithBothTypes()
    {
        var ml = new MLContext(seed: 1);
        var numbers = ml.Data.LoadFromEnumerable([new NumberRow { Value = 1 }]);
        var fit = Assert.Throws<SchemaException>(() => Trainer(ml, "story").Fit(new UnreadableView(numbers.Schema)));
        Assert.Equal("CausalLm: column 'story' must be text (String), but it is Single.", fit.Message);
        var shape = Assert.Throws<SchemaException>(() => Trainer(ml, "story").GetOutputSchema(SchemaShapes.Of(numbers.Schema)));
        Assert.Equal(fit.Message, shape.Message);
    }

    [Fact]
    public void AValidationSetWithoutTheTrainingColumnFailsBeforeTraining()
    {
        var ml = new MLContext(seed: 1);
        var reports = 0;
        var options = Options();
        options.Progress = new SyncProgress<TrainingProgress>(_ => reports++);
        var validation = ml.Data.LoadFromTexts(PlainStories, ColumnNames.Text);
        var e = Assert.Throws<SchemaException>(() => ml.TextGeneration.Trainers.CausalLm(options).Fit(Annotated(ml), validation));
        Assert.Contains("'text_annotated' was not found", e.Message);
        Assert.Equal(0, reports);
    }

    [Fact]
    public void TheTransformerNeedsItsPromptColumnAndTheEstimatorSaysSo()
    {
        var ml = new MLContext(seed: 1);
        var options = Options();
        options.PromptColumnName = "prompt";
        var trainer = ml.TextGeneration.Trainers.CausalLm(options);
        var e = Assert.Throws<SchemaException>(() => trainer.GetOutputSchema(SchemaShapes.Of(Annotated(ml).Schema)));
        Assert.Contains("'prompt' was not found", e.Message);

        var transformer = trainer.Fit(Annotated(ml));
        var error = Assert.Throws<SchemaException>(() => transformer.Transform(Annotated(ml)));
        Assert.Contains("'prompt' was not found", error.Message);
        var prompts = ml.Data.LoadFromTexts(["Once"], "prompt");
        Assert.Single(Generated(transformer.Transform(prompts)));
    }

    [Fact]
    public void WithoutATextColumnNameTheAnnotatedColumnIsPreferredThenText()
    {
        var ml = new MLContext(seed: 1);
        var trainer = ml.TextGeneration.Trainers.CausalLm(Options());
        var annotated = trainer.GetOutputSchema(SchemaShapes.Of(Annotated(ml).Schema));
        Assert.Equal([ColumnNames.Annotated, CausalLmDefaults.GeneratedColumnName], annotated.Select(c => c.Name));
        var plain = trainer.GetOutputSchema(SchemaShapes.Of(ml.Data.LoadFromTexts(PlainStories).Schema));
        Assert.Equal([ColumnNames.Text, CausalLmDefaults.GeneratedColumnName], plain.Select(c => c.Name));
        var e = Assert.Throws<SchemaException>(() => trainer.GetOutputSchema(SchemaShapes.Of(ml.Data.LoadFromTexts(PlainStories, "story").Schema)));
        Assert.Contains("'text' was not found; the data has [story]", e.Message);
    }
}
