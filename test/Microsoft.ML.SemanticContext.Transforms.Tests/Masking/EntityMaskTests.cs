using System.IO.Compression;
using Microsoft.ML.SemanticContext.Data;
using Microsoft.ML.SemanticContext.Transforms.Masking;
using Xunit;

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

    static IDataView Segments(IEnumerable<string[]> stories) =>
        new InMemoryDataView(new DataSchema([new SchemaColumn(ColumnNames.Segments, ColumnType.TextVector)]),
            stories.Select((s, i) => new DataRow(i, new Dictionary<string, object> { [ColumnNames.Segments] = s })).ToList());

    static EntityMaskTransformer Fit(EntityMaskOptions? options = null) =>
        new MLContext(seed: 1).Transforms.SemanticContext.MaskEntities(options ?? new EntityMaskOptions()).Fit(Segments(Stories));

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
        var input = Segments(Stories).Materialize();
        var before = input.Rows.Select(r => r.Get<string[]>(ColumnNames.Segments).ToArray()).ToList();
        var output = ml.Transforms.SemanticContext.MaskEntities().Fit(input).Transform(input).Materialize();
        Assert.Equal(before, output.GetColumn<string[]>(ColumnNames.Segments));
        Assert.Equal(before, input.GetColumn<string[]>(ColumnNames.Segments));
        Assert.Equal([ColumnNames.Segments, ColumnNames.MaskedSegments], output.Schema.Columns.Select(c => c.Name));
        Assert.NotEqual(before, output.GetColumn<string[]>(ColumnNames.MaskedSegments));
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
        var without = ml.Transforms.SemanticContext.MaskEntities().Fit(Segments(stories));
        var with = ml.Transforms.SemanticContext.MaskEntities(new EntityMaskOptions { Names = ["zed", "mia"] }).Fit(Segments(stories));
        Assert.Equal(["Zed ran home."], without.Mask(["Zed ran home."]));
        Assert.Equal(["<unk> ran home."], with.Mask(["Zed ran home."]));
    }

    [Fact]
    public void The_names_file_is_read_and_a_missing_one_is_a_clear_error()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += messages.Add;
        ml.Transforms.SemanticContext.MaskEntities(namesFile: SharedDataNames).Fit(Segments(Stories));
        Assert.Contains(messages, m => m.StartsWith("masker: built-in name statistics over 6 stories") && m.Contains("names list of 29,494"));
        var error = Assert.Throws<FileNotFoundException>(() => ml.Transforms.SemanticContext.MaskEntities(namesFile: "/no/such/names.txt"));
        Assert.Contains("/no/such/names.txt", error.Message);
    }

    static string SharedDataNames => SharedData.NamesFile;

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
        var stories = InMemoryDataView.FromTexts(["Mia ran."]);
        var error = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.MaskEntities(inputColumn: ColumnNames.Text).Fit(stories));
        Assert.Equal("MaskEntities: column 'text' must be of type Vector<Text>, but it is Text.", error.Message);
        var missing = Assert.Throws<SchemaException>(() => ml.Transforms.SemanticContext.MaskEntities().GetOutputSchema(stories.Schema));
        Assert.Contains("'text_segments' was not found", missing.Message);
        Assert.Throws<ArgumentException>(() => ml.Transforms.SemanticContext.MaskEntities(outputColumn: ColumnNames.Segments));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("names")]
    public void A_saved_masker_loads_in_a_fresh_context_and_masks_identically(string? names)
    {
        var dir = Directory.CreateTempSubdirectory("mask");
        try
        {
            var path = Path.Combine(dir.FullName, "pipeline.zip");
            var ml = new MLContext(seed: 1);
            var stories = InMemoryDataView.FromTexts(SharedData.CleanStories.Take(500));
            var pipeline = ml.Transforms.SemanticContext.SegmentSentences()
                .Append(ml.Transforms.SemanticContext.MaskEntities(namesFile: names is null ? null : SharedData.NamesFile));
            var fitted = pipeline.Fit(stories);
            ml.Model.Save(fitted, path);
            var loaded = new MLContext(seed: 9).Model.Load(path);

            // Unseen stories too: the saved model must decide unseen words exactly as the fitted one does.
            var fresh = InMemoryDataView.FromTexts(SharedData.CleanStories.Skip(4500));
            foreach (var data in new[] { stories, fresh })
                Assert.Equal(fitted.Transform(data).GetColumn<string[]>(ColumnNames.MaskedSegments).ToList(),
                    loaded.Transform(data).GetColumn<string[]>(ColumnNames.MaskedSegments).ToList());

            using var zip = ZipFile.OpenRead(path);
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith("EntityMask/names.txt"));
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith("EntityMask/known_words.txt"));
        }
        finally { dir.Delete(recursive: true); }
    }
}
