using System.IO.Compression;
using Microsoft.ML.Data;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Masking;

namespace Microsoft.ML.SemanticContext.Transforms.Tests.Masking;

/// <summary>Hand-checked masking of small stories; the masker is fitted on the stories it masks, as in the pipeline.</summary>
public class EntityMaskTests
{
    static readonly string[][] Stories =
    [
        ["Once upon a time, there was a girl named Mia.", "Mia liked to play with Tom.", "She gave him her ball."],
        ["Tom saw Mia at the park.", "\"Hi, Mia!\" Tom said.", "Mom smiled at them."],
        ["One day, Mr. Bear went to Paris.", "He liked the city of Paris.", "Lily waved to Mr. Bear."],
        ["A dog called Spot lived in a house.", "Spot saw a spot on the floor.", "Dad laughed."],
        ["HE SAID his name was Max.", "Herself, himself, Hers and hers.", "Max and Lily played in Paris."],
        ["There was a girl called May.", "May liked to run in May.", "The sun was big."],
    ];

    /// <summary>A story already cut into chunks, as the mask stage reads it.</summary>
    sealed class SegmentedStory
    {
        [ColumnName(ColumnNames.Segments)] public string[] Segments { get; set; } = [];
    }

    sealed class MaskedStory
    {
        [ColumnName(ColumnNames.Segments)] public string[] Segments { get; set; } = [];
        [ColumnName(ColumnNames.MaskedSegments)] public string[] Masked { get; set; } = [];
    }

    static IDataView Segments(MLContext ml, IEnumerable<string[]> stories) =>
        ml.Data.LoadFromEnumerable(stories.Select(s => new SegmentedStory { Segments = s }).ToList());

    static EntityMaskTransformer Fit(EntityMaskOptions? options = null)
    {
        var ml = new MLContext(seed: 1);
        return ml.Transforms.SemanticContext.MaskEntities(options ?? new EntityMaskOptions()).Fit(Segments(ml, Stories));
    }

    [Theory]
    [InlineData(0, new[] { "Once upon a time, there was a girl named <unk>.", "<unk> liked to play with <unk>.", "<unk> gave <unk> <unk> ball." })]
    [InlineData(1, new[] { "<unk> saw <unk> at the park.", "\"Hi, <unk>!\" <unk> said.", "Mom smiled at them." })]
    [InlineData(2, new[] { "One day, Mr. <unk> went to Paris.", "<unk> liked the city of Paris.", "<unk> waved to Mr. <unk>." })]
    [InlineData(3, new[] { "A dog called <unk> lived in a house.", "<unk> saw a spot on the floor.", "Dad laughed." })]
    [InlineData(4, new[] { "<unk> SAID <unk> name was <unk>.", "<unk>, <unk>, <unk> and <unk>.", "<unk> and <unk> played in Paris." })]
    [InlineData(5, new[] { "There was a girl called <unk>.", "<unk> liked to run in <unk>.", "The sun was big." })]
    public void Masks_names_and_gendered_pronouns_and_nothing_else(int story, string[] expected) =>
        Assert.Equal(expected, Fit().Mask(Stories[story]));

    [Fact]
    public void The_input_column_is_left_untouched()
    {
        var ml = new MLContext(seed: 1);
        var input = Segments(ml, Stories);
        var masker = ml.Transforms.SemanticContext.MaskEntities().Fit(input);
        var output = masker.Transform(input);
        Assert.Equal([ColumnNames.Segments, ColumnNames.MaskedSegments], output.Schema.Select(c => c.Name));
        var rows = ml.Data.CreateEnumerable<MaskedStory>(output, reuseRowObject: false).ToList();
        Assert.Equal(Stories, rows.Select(r => r.Segments));
        Assert.Equal(Stories, input.GetColumn<string[]>(ColumnNames.Segments));
        Assert.Equal(Stories.Select(s => masker.Mask(s)), rows.Select(r => r.Masked));
        Assert.NotEqual(Stories, rows.Select(r => r.Masked));
    }

    [Fact]
    public void Pronouns_can_get_their_own_token_and_either_kind_can_be_left_alone()
    {
        Assert.Equal(["<unk> gave <pron> <pron> ball."], Fit(new EntityMaskOptions { PronounToken = "<pron>" }).Mask(["Mia gave him her ball."]));
        Assert.Equal(["Mia gave <unk> <unk> ball."], Fit(new EntityMaskOptions { MaskNames = false }).Mask(["Mia gave him her ball."]));
        Assert.Equal(["<unk> gave him her ball."], Fit(new EntityMaskOptions { MaskPronouns = false }).Mask(["Mia gave him her ball."]));
    }

    [Fact]
    public void Words_that_are_not_pronouns_keep_their_letters()
    {
        // "the", "here", "there", "shell", "hiss", "hershey" contain pronoun letters but are other words.
        Assert.Equal(["The shell is here and there; hiss!"], Fit().Mask(["The shell is here and there; hiss!"]));
    }

    [Fact]
    public void A_names_list_adds_names_seen_only_at_sentence_starts()
    {
        // "Zed" never appears mid-sentence, so statistics alone cannot tell it from a capitalised ordinary word.
        string[][] stories = [.. Stories, ["Zed ran home.", "Zed was tired."]];
        var ml = new MLContext(seed: 1);
        var without = ml.Transforms.SemanticContext.MaskEntities().Fit(Segments(ml, stories));
        var with = ml.Transforms.SemanticContext.MaskEntities(new EntityMaskOptions { Names = ["zed", "mia"] }).Fit(Segments(ml, stories));
        Assert.Equal(["Zed ran home."], without.Mask(["Zed ran home."]));
        Assert.Equal(["<unk> ran home."], with.Mask(["Zed ran home."]));
    }

    [Fact]
    public void The_names_file_is_read_and_a_missing_one_is_a_clear_error()
    {
        var ml = new MLContext(seed: 1);
        var log = new LogLines(ml);
        ml.Transforms.SemanticContext.MaskEntities(namesFile: SharedData.NamesFile).Fit(Segments(ml, Stories));
        Assert.Contains(log.Lines, m => m.StartsWith("masker: built-in name statistics over 6 stories") && m.Contains("names list of 29,494"));
        var error = Assert.Throws<FileNotFoundException>(() => ml.Transforms.SemanticContext.MaskEntities(namesFile: "/no/such/names.txt"));
        Assert.Contains("/no/such/names.txt", error.Message);
    }

    [Fact]
    public void Unseen_capitalised_words_mid_sentence_are_names_and_at_sentence_start_are_not()
    {
        var masker = Fit();
        Assert.Equal(["Then <unk> came over.", "Quickly they ran."], masker.Mask(["Then Zorblax came over.", "Quickly they ran."]));
    }

    [Fact]
    public void A_wrong_input_type_names_the_column_the_expected_and_the_actual_type()
    {
        var ml = new MLContext(seed: 1);
        var stories = ml.Data.LoadFromTexts(["Mia ran."]);
        var error = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.MaskEntities(inputColumn: ColumnNames.Text).Fit(stories));
        Assert.Equal("MaskEntities: column 'text' must be a vector of text (Vector<String>), but it is String.", error.Message);
        var missing = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.MaskEntities().GetOutputSchema(SchemaShapes.Of(stories.Schema)));
        Assert.Equal("MaskEntities: input column 'text_segments' was not found; the data has [text].", missing.Message);
        Assert.Throws<ArgumentException>(() => ml.Transforms.SemanticContext.MaskEntities(outputColumn: ColumnNames.Segments));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("names")]
    public void A_saved_masker_loads_in_a_fresh_context_and_masks_identically(string? names)
    {
        var path = Path.Combine(TestPaths.TempDir(), "pipeline.zip");
        var ml = new MLContext(seed: 1);
        var stories = ml.Data.LoadFromTexts(SharedData.CleanStories.Take(500));
        var pipeline = ml.Transforms.SemanticContext.SegmentSentences()
            .Append(ml.Transforms.SemanticContext.MaskEntities(namesFile: names is null ? null : SharedData.NamesFile));
        var fitted = pipeline.Fit(stories);
        ml.Model.SemanticContext.Save(fitted, stories.Schema, path);
        var fresh = new MLContext(seed: 9);
        var loaded = fresh.Model.SemanticContext.Load(path, out _);
        Assert.Equal(fitted.LastTransformer.Description, Assert.IsType<EntityMaskTransformer>(Assert.IsType<TransformerChain<ITransformer>>(loaded).LastTransformer).Description);

        // Unseen stories too: the saved model must decide unseen words exactly as the fitted one does.
        foreach (var data in new[] { SharedData.CleanStories.Take(500), SharedData.CleanStories.Skip(4500) })
            Assert.Equal(fitted.Transform(ml.Data.LoadFromTexts(data)).GetColumn<string[]>(ColumnNames.MaskedSegments).ToList(),
                loaded.Transform(fresh.Data.LoadFromTexts(data)).GetColumn<string[]>(ColumnNames.MaskedSegments).ToList());

        using var zip = ZipFile.OpenRead(path);
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith($"{EntityMaskTransformer.TypeId}/names.txt"));
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith($"{EntityMaskTransformer.TypeId}/known_words.txt"));
    }
}
